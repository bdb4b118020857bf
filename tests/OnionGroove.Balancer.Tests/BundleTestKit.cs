using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Signing;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.Descriptors.Offline;
using OnionGroove.TestSupport;

namespace OnionGroove.Balancer.Tests;

/// <summary>Signing bundles for the balancer's engine tests, issued as `site certify` does and read back from
/// their bytes, as a balancer host gets them (docs/offline-keys.md); files and configs: <see cref="BundleSite"/>.</summary>
internal static class BundleTestKit
{
    public static SigningBundle Bundle(IdentitySecretKey identity, TimePeriod first, int count) =>
        SigningBundleFormat.Parse(BundleSite.Bytes(identity, first, count)).Value;

    /// <summary>Keys of a frontend that holds only <paramref name="bundle"/> (no identity secret).</summary>
    public static ServiceKeys KeysFor(SigningBundle bundle, string path = "/bundle") => new()
    {
        Signer = FrontendSigner.FromBundle(bundle, path),
        AuthorizedClients = [],
        BackendClientKeys = new Dictionary<ServiceId, ClientAuthSecretKey>(),
    };
}
