using OnionGroove.Balancer.Config;
using OnionGroove.Balancer.Signing;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.Descriptors.Offline;

namespace OnionGroove.Balancer.Tests;

/// <summary>Signing bundles for the balancer tests, issued as `site certify` does and read back from their
/// bytes, as a balancer host gets them (docs/offline-keys.md).</summary>
internal static class BundleTestKit
{
    /// <summary>The file's bytes for <paramref name="count"/> periods from <paramref name="first"/>.</summary>
    public static byte[] Bytes(IdentitySecretKey identity, TimePeriod first, int count, DateTimeOffset? created = null)
    {
        using var b = SigningBundleIssuer.Issue(identity, first, count, created ?? first.Start);
        return SigningBundleFormat.Write(b);
    }

    public static SigningBundle Bundle(IdentitySecretKey identity, TimePeriod first, int count) =>
        SigningBundleFormat.Parse(Bytes(identity, first, count)).Value;

    /// <summary>Keys of a frontend that holds only <paramref name="bundle"/> (no identity secret).</summary>
    public static ServiceKeys KeysFor(SigningBundle bundle, string path = "/bundle") => new()
    {
        Signer = FrontendSigner.FromBundle(bundle, path),
        AuthorizedClients = [],
        BackendClientKeys = new Dictionary<ServiceId, ClientAuthSecretKey>(),
    };

    /// <summary>The lines of a bundle file (LF-separated ASCII), to tamper with.</summary>
    public static List<string> Lines(byte[] bytes) => [.. System.Text.Encoding.ASCII.GetString(bytes).Split('\n')];

    public static byte[] Join(IEnumerable<string> lines) => System.Text.Encoding.ASCII.GetBytes(string.Join('\n', lines));
}
