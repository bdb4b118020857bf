using System.Security.Cryptography;
using System.Text;
using OnionGroove.Core.IO;
using OnionGroove.Balancer.Signing;
using OnionGroove.Crypto.Files;
using OnionGroove.Crypto.Keys;
using OnionGroove.Descriptors.Offline;

namespace OnionGroove.Balancer.Config;

/// <summary>
/// What a service's <c>key:</c> names: tor's <c>hs_ed25519_secret_key</c> (or a HiddenServiceDir),
/// Onionbalance's PEM, or a signing bundle (docs/offline-keys.md). A bundle is told apart by its format
/// header, not by its name, so Onionbalance's config keeps its one <c>key:</c> entry.
/// </summary>
internal static class FrontendKeyFile
{
    private static readonly byte[] BundleHeader = Encoding.ASCII.GetBytes(SigningBundleFormat.Magic + " ");

    /// <summary>True when <paramref name="path"/> is a regular file that begins like a signing bundle. Read
    /// through <see cref="SafeFile"/>: a FIFO would block an open for ever and /dev/zero never ends, so
    /// anything but a regular file within the bundle's size limit is "not a bundle" (and then refused
    /// as a key file, with the key reader's own message). The bytes read are zeroed.</summary>
    public static bool IsBundle(string path)
    {
        if (Directory.Exists(path)) return false;
        if (!SafeFile.Read(path, SigningBundleFormat.MaxBytes + 1, followLink: true).TryGet(out var bytes, out _)) return false;
        try { return bytes.AsSpan().StartsWith(BundleHeader); }
        finally { CryptographicOperations.ZeroMemory(bytes); }
    }

    /// <summary>The signer the file holds, or null with why not (no secret in the message). A bundle must
    /// verify (every certificate chains to its address, periods contiguous: <see cref="SigningBundleFormat.Parse"/>)
    /// and, unless <paramref name="use"/> says otherwise, be usable at <paramref name="now"/> (not run out, already started).</summary>
    public static FrontendSigner? Read(string path, DateTimeOffset now, out string? error, BundleUse use = BundleUse.MustCoverNow)
    {
        if (IsBundle(path))
        {
            if (!SigningBundleFile.Read(path).TryGet(out var bundle, out var problem))
            {
                error = $"cannot use the signing bundle {path}: {problem.Message}";
                return null;
            }
            if (use == BundleUse.MustCoverNow && bundle.CheckUsable(now) is { } unusable)
            {
                bundle.Dispose();
                error = $"cannot use the signing bundle {path}: {unusable}";
                return null;
            }
            error = null;
            return FrontendSigner.FromBundle(bundle, path);
        }
        var identity = ReadIdentity(path, out var keyError);
        error = identity is null ? $"cannot use the service key {path}: {keyError}" : null;
        return identity is null ? null : FrontendSigner.FromIdentity(identity);
    }

    /// <summary>The frontend address a key file or bundle names, or null when it cannot be read (secrets are
    /// zeroed at once). A bundle's address is read even when it has run out, to report clashes.</summary>
    public static string? ReadServiceId(string path)
    {
        if (IsBundle(path))
        {
            if (!SigningBundleFile.Read(path).TryGet(out var bundle, out _)) return null;
            using (bundle) return bundle.Address.ServiceId;
        }
        using var key = ReadIdentity(path, out _);
        return key?.Address.ServiceId;
    }

    /// <summary>tor's <c>hs_ed25519_secret_key</c> (or a HiddenServiceDir), else Onionbalance's PEM.</summary>
    private static IdentitySecretKey? ReadIdentity(string path, out string? error)
    {
        error = null;
        if (Directory.Exists(path))
        {
            var dir = TorKeyFiles.ReadHiddenServiceDir(path);
            if (dir.IsSuccess) return dir.Value;
            error = dir.Error.ToString();
            return null;
        }
        if (!File.Exists(path)) { error = "no such file"; return null; }
        var tor = TorKeyFiles.ReadSecretKey(path);
        if (tor.IsSuccess) return tor.Value;
        var pem = TorKeyFiles.ReadOnionbalanceKey(path);
        if (pem.IsSuccess) return pem.Value;
        error = $"neither tor's hs_ed25519_secret_key format ({tor.Error}) nor Onionbalance's PEM ({pem.Error}) nor a signing bundle";
        return null;
    }
}
