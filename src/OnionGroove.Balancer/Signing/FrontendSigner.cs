using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.Descriptors;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.Descriptors.Offline;

namespace OnionGroove.Balancer.Signing;

/// <summary>
/// What a frontend signs its descriptors with: either its secret identity key (Onionbalance's way) or a
/// signing bundle (issue #12, docs/offline-keys.md). A type of its own so that the planner and the codec
/// can sign only with what the service was configured with: a service loaded from a bundle has no
/// secret identity key anywhere in its object graph, and no code path can fall back to one.
/// Dispose zeroes the secrets it holds.
/// </summary>
public abstract class FrontendSigner : IDisposable
{
    /// <summary>The frontend's public identity key: its address, its blinded keys, its subcredential.</summary>
    public abstract IdentityPublicKey PublicKey { get; }

    public OnionAddress Address => PublicKey.Address;

    /// <summary>True when this signer holds a key for <paramref name="period"/>. A secret identity key
    /// signs every period; a bundle only its own.</summary>
    public abstract bool CanSign(TimePeriod period);

    /// <summary>When signing stops being possible (a bundle's last period ends), or null for never.</summary>
    public virtual DateTimeOffset? RunsOutAt => null;

    /// <summary>Builds, signs and encrypts a descriptor for <paramref name="period"/>; an error (never a
    /// fallback) when <see cref="CanSign"/> is false.</summary>
    internal abstract Result<BuiltDescriptor, DescriptorError> Build(TimePeriod period, IReadOnlyList<IntroPointSpec> introPoints,
        DescriptorBuildOptions options);

    public static FrontendSigner FromIdentity(IdentitySecretKey identity) => new IdentityKeySigner(identity);

    public static FrontendSigner FromBundle(SigningBundle bundle, string path) => new BundleSigner(bundle, path);

    public abstract void Dispose();
}
