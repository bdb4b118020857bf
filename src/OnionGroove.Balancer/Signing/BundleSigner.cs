using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.Descriptors;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.Descriptors.Offline;

namespace OnionGroove.Balancer.Signing;

/// <summary>Signs with a signing bundle's pre-certified key for each period (docs/offline-keys.md): the
/// descriptor's signing-key certificate is the bundle's, issued by the period's blinded key on the admin
/// machine. A period the bundle lacks cannot be signed, by construction.</summary>
public sealed class BundleSigner : FrontendSigner
{
    internal BundleSigner(SigningBundle bundle, string path)
    {
        Bundle = bundle;
        Path = path;
    }

    /// <summary>The verified bundle (public facts and, inside, the signing keys' seeds).</summary>
    public SigningBundle Bundle { get; }

    /// <summary>The file it was read from (for logs and checks; never its content).</summary>
    public string Path { get; }

    public override IdentityPublicKey PublicKey => Bundle.Identity;

    public override bool CanSign(TimePeriod period) => Bundle.For(period) is not null;

    public override DateTimeOffset? RunsOutAt => Bundle.CoversUntil;

    internal override Result<BuiltDescriptor, DescriptorError> Build(TimePeriod period, IReadOnlyList<IntroPointSpec> introPoints,
        DescriptorBuildOptions options) =>
        Bundle.For(period) is { } keys
            ? HsDescriptorBuilder.Build(Bundle.Identity, keys, introPoints, options)
            : new DescriptorError(DescriptorErrorKind.WrongBlindedKey, "signing bundle", 0,
                $"the signing bundle {Path} has no key for time period {period.Number}");

    public override void Dispose() => Bundle.Dispose();
}
