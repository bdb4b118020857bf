using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.Descriptors;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.Parsing;

namespace OnionGroove.Balancer.Signing;

/// <summary>Signs with the frontend's secret identity key, as Onionbalance does: each descriptor gets a
/// fresh signing key certified by the period's blinded key (rend-spec-v3 §2.1).</summary>
internal sealed class IdentityKeySigner(IdentitySecretKey identity) : FrontendSigner
{
    public override IdentityPublicKey PublicKey => identity.PublicKey;

    public override bool CanSign(TimePeriod period) => true;

    internal override Result<BuiltDescriptor, DescriptorError> Build(TimePeriod period, IReadOnlyList<IntroPointSpec> introPoints,
        DescriptorBuildOptions options) => HsDescriptorBuilder.Build(identity, period, introPoints, options);

    public override void Dispose() => identity.Dispose();
}
