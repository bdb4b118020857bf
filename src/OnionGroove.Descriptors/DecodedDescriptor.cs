using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors;

/// <summary>A decoded descriptor with the facts of how it was decoded: for which time period, whether
/// that period was given or found (<see cref="TimePeriodGuess"/>), and the document's size.</summary>
public sealed record DecodedDescriptor(OnionAddress Address, TimePeriod Period, bool PeriodGuessed, int Size, HsDescriptor Descriptor)
{
    /// <summary>Verifies <paramref name="outer"/> against the blinded key of <paramref name="address"/> for
    /// <paramref name="period"/> and decrypts both layers (rend-spec-v3 §2.4–2.5), with
    /// <paramref name="client"/>'s key when the descriptor requires client authorisation.</summary>
    public static Result<DecodedDescriptor, DescriptorError> Decode(UnverifiedOuterLayerDocument outer, int size, OnionAddress address,
        TimePeriod period, bool periodGuessed, ClientAuthSecretKey? client)
    {
        var blinded = address.PublicKey.Blind(period);
        var sub = Subcredential.Derive(address.PublicKey, blinded);
        if (!outer.Verify(blinded).TryGet(out var verified, out var err)) return err;
        if (!HsDescriptorDecoder.DecryptLayers(verified, blinded, sub, client).TryGet(out var d, out err)) return err;
        return new DecodedDescriptor(address, period, periodGuessed, size, d);
    }
}
