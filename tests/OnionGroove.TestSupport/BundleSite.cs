using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.Descriptors.Offline;

namespace OnionGroove.TestSupport;

/// <summary>A balancer folder whose one service's key is a signing bundle (issue #12, docs/offline-keys.md): a
/// frontend identity (the vault's side, which issues bundles as `site certify` does), a backend address, a private
/// folder with <c>config.yaml</c> naming <c>site.signing-bundle</c>. Shared by the balancer's bundle tests and the
/// CLI's `balancer check/status` tests. Dispose removes the folder and zeroes the keys.</summary>
public sealed class BundleSite : IDisposable
{
    public const string BundleName = "site.signing-bundle";

    public TempDir Dir { get; } = new();
    public IdentitySecretKey Front { get; } = IdentitySecretKey.Generate();
    public IdentitySecretKey Back { get; } = IdentitySecretKey.Generate();

    public string BundlePath => Dir[BundleName];
    public string ConfigPath => Dir["config.yaml"];

    /// <summary>The bytes of a bundle file for <paramref name="count"/> periods from <paramref name="first"/>, of
    /// <paramref name="identity"/> (default: <see cref="Front"/>).</summary>
    public byte[] Bundle(TimePeriod first, int count, IdentitySecretKey? identity = null, DateTimeOffset? created = null) =>
        Bytes(identity ?? Front, first, count, created);

    public static byte[] Bytes(IdentitySecretKey identity, TimePeriod first, int count, DateTimeOffset? created = null)
    {
        using var b = SigningBundleIssuer.Issue(identity, first, count, created ?? first.Start);
        return SigningBundleFormat.Write(b);
    }

    /// <summary>Writes the bundle file in place.</summary>
    public void WriteBundle(byte[] bytes) => File.WriteAllBytes(BundlePath, bytes);

    /// <summary>Replaces the bundle file as `site certify --force` and Ansible do: a new file renamed over it.</summary>
    public void ReplaceBundle(byte[] bytes)
    {
        File.WriteAllBytes(BundlePath + ".tmp", bytes);
        File.Move(BundlePath + ".tmp", BundlePath, overwrite: true);
    }

    /// <summary>Writes config.yaml: one service with the bundle as its key and <see cref="Back"/> as its instance,
    /// <paramref name="extra"/> service lines before the instances, <paramref name="top"/> before everything, and
    /// <paramref name="moreInstances"/> after <see cref="Back"/>. Returns its path.</summary>
    public string Config(string extra = "", string top = "", IEnumerable<OnionAddress>? moreInstances = null)
    {
        var instances = string.Concat(new[] { Back.Address }.Concat(moreInstances ?? []).Select(a => $"      - address: {a}\n"));
        File.WriteAllText(ConfigPath, $"{top}services:\n  - key: {BundleName}\n{extra}    instances:\n{instances}");
        return ConfigPath;
    }

    /// <summary>The lines of a bundle file (LF-separated ASCII), to tamper with.</summary>
    public static List<string> Lines(byte[] bytes) => [.. System.Text.Encoding.ASCII.GetString(bytes).Split('\n')];

    public static byte[] Join(IEnumerable<string> lines) => System.Text.Encoding.ASCII.GetBytes(string.Join('\n', lines));

    /// <summary>The bundle with one bit of its first certificate's signature flipped, and that line's index (0-based).</summary>
    public static (byte[] Bytes, int LineIndex) TamperFirstCertificate(byte[] bundle)
    {
        var lines = Lines(bundle);
        var i = lines.FindIndex(l => l.StartsWith("signing-key-cert ", StringComparison.Ordinal));
        var cert = Convert.FromBase64String(lines[i]["signing-key-cert ".Length..]);
        cert[^1] ^= 1;
        lines[i] = "signing-key-cert " + Convert.ToBase64String(cert);
        return (Join(lines), i);
    }

    public void Dispose()
    {
        Dir.Dispose();
        Front.Dispose();
        Back.Dispose();
    }
}
