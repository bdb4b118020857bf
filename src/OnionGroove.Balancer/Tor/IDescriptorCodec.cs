using OnionGroove.Crypto;
using OnionGroove.Descriptors.SecondLayer;
using OnionGroove.Crypto.Keys;
using OnionGroove.Descriptors.OuterLayer;

namespace OnionGroove.Balancer.Tor;

/// <summary>A backend's descriptor after every check passed (signature, cert chain to the blinded
/// key of the backend's identity for <see cref="Period"/>, both layers decrypted). <see cref="Pow"/>
/// is the backend's <c>pow-params v1</c> line, if it advertises one (its PoW defence is on).</summary>
public sealed record BackendDescriptor(TimePeriod Period, RevisionCounter RevisionCounter, IReadOnlyList<IntroductionPoint> IntroPoints,
    PowParams? Pow = null);

/// <summary>Reading backend descriptors and writing frontend ones.</summary>
public interface IDescriptorCodec
{
    /// <summary>Decodes a descriptor fetched for <paramref name="backend"/>. Returns the descriptor or
    /// a one-line reason (malformed, wrong identity, bad signature, cannot decrypt).</summary>
    (BackendDescriptor? Descriptor, string? Error) DecodeBackend(string text, OnionAddress backend,
        ClientAuthSecretKey? clientKey, IReadOnlyList<TimePeriod> candidatePeriods, DateTimeOffset now);

    /// <summary>Builds, signs and encrypts a frontend descriptor for <paramref name="period"/> with what the
    /// service signs with (its identity key or its signing bundle, never anything else).</summary>
    (string? Descriptor, string? Error) BuildFrontend(Signing.FrontendSigner signer, TimePeriod period,
        IReadOnlyList<IntroductionPoint> introPoints, RevisionCounter revisionCounter,
        IReadOnlyList<ClientAuthPublicKey> authorizedClients, DateTimeOffset now, PowParams? pow = null);
}
