using System.Text;
using OnionGroove.Crypto;
using OnionGroove.Descriptors;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.SecondLayer;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Balancer.Tor;

/// <summary><see cref="IDescriptorCodec"/> on OnionGroove.Descriptors. A backend descriptor is
/// accepted only when its signing-key cert chains to the blinded key of that backend's identity
/// for one of the candidate periods (so a descriptor of another service, or a forged one, is
/// refused) and both layers decrypt with the backend's own subcredential: under prop307 backends
/// encrypt their descriptor normally and only accept the frontend's subcredential in INTRODUCE2.</summary>
public sealed class DescriptorCodec : IDescriptorCodec
{
    /// <summary>Descriptor lifetime we advertise (tor's own value).</summary>
    public int LifetimeMinutes { get; init; } = 180;

    public (BackendDescriptor? Descriptor, string? Error) DecodeBackend(string text, OnionAddress backend,
        ClientAuthSecretKey? clientKey, IReadOnlyList<TimePeriod> candidatePeriods, DateTimeOffset now)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        if (!OuterLayerDocument.Parse(bytes).TryGet(out var unverified, out var error)) return (null, error.ToString());
        var signer = unverified.Unchecked.SigningKeyCert.SigningKey;
        foreach (var period in candidatePeriods)
        {
            var blinded = backend.PublicKey.Blind(period);
            if (signer is not null && !blinded.AsSpan().SequenceEqual(signer)) continue;
            var result = BackendDescriptorPolicy.Accept(bytes, backend, period, now, clientKey);
            if (!result.TryGet(out var desc, out var err)) return (null, err.ToString());
            if (desc.IntroductionPoints.Count == 0) return (null, "the descriptor lists no introduction points");
            var pow = desc.SecondLayer.PowParams.FirstOrDefault(x => x is { Type: PowParams.V1, Seed: not null });
            return (new BackendDescriptor(period, desc.RevisionCounter, desc.IntroductionPoints, pow), null);
        }
        return (null, "the descriptor is not signed by this backend's blinded key for the current periods (wrong identity or stale)");
    }

    public (string? Descriptor, string? Error) BuildFrontend(Signing.FrontendSigner signer, TimePeriod period,
        IReadOnlyList<IntroductionPoint> introPoints, RevisionCounter revisionCounter,
        IReadOnlyList<ClientAuthPublicKey> authorizedClients, DateTimeOffset now, PowParams? pow = null)
    {
        var specs = introPoints.Select(IntroPointSpec.FromParsed).ToList();
        var built = signer.Build(period, specs, new DescriptorBuildOptions
        {
            RevisionCounter = revisionCounter,
            Now = now,
            LifetimeMinutes = LifetimeMinutes,
            AuthorizedClients = authorizedClients,
            PowParams = pow,
        });
        return built.TryGet(out var d, out var error) ? (d.AsString(), null) : (null, error.ToString());
    }
}
