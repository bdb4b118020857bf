using System.Security.Cryptography;
using OnionGroove.Core;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Files;

/// <summary>tor's on-disk onion-service key formats (HiddenServiceDir) and Onionbalance's key
/// file. tor's files are a 32-byte tag ("== ed25519v1-secret: type0 ==" padded with NULs)
/// followed by the raw key: 64 expanded bytes (secret) or 32 bytes (public). The vault seals
/// exactly these secret-file bytes, so <c>age -d -i ID frontend.age &gt; hs_ed25519_secret_key</c>
/// gives a file tor accepts as is. Readers return the key or a <see cref="Problem"/> that names
/// the file and never contains secret bytes.</summary>
public static class TorKeyFiles
{
    public const string SecretKeyFileName = "hs_ed25519_secret_key";
    public const string PublicKeyFileName = "hs_ed25519_public_key";
    public const string HostnameFileName = "hostname";

    internal const int HeaderLength = 32;
    internal const string SecretTag = "== ed25519v1-secret: type0 ==";
    internal const string PublicTag = "== ed25519v1-public: type0 ==";
    public const int SecretKeyFileLength = HeaderLength + 64;
    public const int PublicKeyFileLength = HeaderLength + 32;

    // Key files are tiny; refuse to read anything large (a wrong path, a device).
    private const int MaxFileLength = 4096;

    public static Result<IdentitySecretKey, Problem> ReadSecretKey(string path)
    {
        if (!ReadSmallFile(path).TryGet(out var bytes, out var error)) return error;
        try { return ParseSecretKey(bytes).MapError(p => p.In(path)); }
        finally { CryptographicOperations.ZeroMemory(bytes); }
    }

    /// <summary>Parses the bytes of an hs_ed25519_secret_key file (exactly 96 bytes).</summary>
    /// <summary>Parses the bytes of an hs_ed25519_secret_key file (exactly 96 bytes). Whatever
    /// <see cref="IdentitySecretKey"/> would refuse (a scalar that is 0 mod l) is refused here as
    /// bad input, so reading a key a teammate sealed never throws.</summary>
    public static Result<IdentitySecretKey, Problem> ParseSecretKey(ReadOnlySpan<byte> bytes)
    {
        if (!CheckHeader(bytes, SecretTag, SecretKeyFileLength, "secret", out var error)) return new Problem(error);
        var expanded = bytes[HeaderLength..];
        if (expanded[..32].IndexOfAnyExcept((byte)0) < 0 || Curve.Scalar.IsZeroModL(expanded[..32]))
            return new Problem("the secret scalar is zero (garbled key file)");
        return IdentitySecretKey.FromExpanded(expanded);
    }

    public static Result<IdentityPublicKey, Problem> ReadPublicKey(string path)
    {
        if (!ReadSmallFile(path).TryGet(out var bytes, out var error)) return error;
        return ParsePublicKey(bytes).MapError(p => p.In(path));
    }

    /// <summary>Parses the bytes of an hs_ed25519_public_key file (exactly 64 bytes).</summary>
    public static Result<IdentityPublicKey, Problem> ParsePublicKey(ReadOnlySpan<byte> bytes)
    {
        if (!CheckHeader(bytes, PublicTag, PublicKeyFileLength, "public", out var error)) return new Problem(error);
        return IdentityPublicKey.TryFromBytes(bytes[HeaderLength..], out var key, out var keyError)
            ? key
            : new Problem($"the public key is not valid: {keyError}");
    }

    /// <summary>The 96 bytes of an hs_ed25519_secret_key file. The caller zeroes them.</summary>
    public static byte[] FormatSecretKey(IdentitySecretKey key)
    {
        var bytes = GC.AllocateArray<byte>(SecretKeyFileLength, pinned: true);
        WriteHeader(bytes, SecretTag);
        key.ExportExpanded(bytes.AsSpan(HeaderLength));
        return bytes;
    }

    /// <summary>The 96 bytes of an hs_ed25519_secret_key file around a raw 64-byte expanded secret,
    /// unchecked (tests write garbled keys with it). The caller zeroes them.</summary>
    public static byte[] FormatSecretKey(ReadOnlySpan<byte> expanded)
    {
        if (expanded.Length != ExpandedSecret.Length) throw new ArgumentException("an expanded key is 64 bytes", nameof(expanded));
        var bytes = GC.AllocateArray<byte>(SecretKeyFileLength, pinned: true);
        WriteHeader(bytes, SecretTag);
        expanded.CopyTo(bytes.AsSpan(HeaderLength));
        return bytes;
    }

    /// <summary>The 64 bytes of an hs_ed25519_public_key file.</summary>
    public static byte[] FormatPublicKey(IdentityPublicKey key)
    {
        var bytes = new byte[PublicKeyFileLength];
        WriteHeader(bytes, PublicTag);
        key.AsSpan().CopyTo(bytes.AsSpan(HeaderLength));
        return bytes;
    }

    /// <summary>The content of tor's hostname file: the address and a newline.</summary>
    public static string FormatHostname(OnionAddress address) => address + "\n";

    /// <summary>Writes hs_ed25519_secret_key, hs_ed25519_public_key and hostname into
    /// <paramref name="directory"/> as tor would: the directory 0700 (created if missing), the
    /// files 0600. Each file is written under a temporary name, flushed to disk and then linked
    /// into place without replacing anything, so a crash never leaves a half-written key and an
    /// existing key is never overwritten. Throws <see cref="IOException"/> when the directory
    /// already holds any of the three files (nothing is changed then).</summary>
    public static void WriteHiddenServiceDir(string directory, IdentitySecretKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        HiddenServiceDirWriter.Write(directory, key);
    }

    /// <summary>Reads a HiddenServiceDir: the secret key, checked against hs_ed25519_public_key
    /// and hostname when those exist.</summary>
    public static Result<IdentitySecretKey, Problem> ReadHiddenServiceDir(string directory)
    {
        var secretPath = Path.Combine(directory, SecretKeyFileName);
        if (!Directory.Exists(directory)) return new Problem("no such directory", Source: directory);
        var secret = ReadSecretKey(secretPath);
        if (!secret.IsSuccess) return secret;
        var publicPath = Path.Combine(directory, PublicKeyFileName);
        if (File.Exists(publicPath))
        {
            var pub = ReadPublicKey(publicPath);
            var mismatch = !pub.IsSuccess ? pub.Error
                : !pub.Value.Equals(secret.Value.PublicKey) ? new Problem($"{publicPath} ({pub.Value.Address}) does not match {SecretKeyFileName} ({secret.Value.Address})")
                : null;
            if (mismatch is not null)
            {
                secret.Value.Dispose();
                return mismatch;
            }
        }
        var hostnamePath = Path.Combine(directory, HostnameFileName);
        if (File.Exists(hostnamePath))
        {
            Problem? mismatch = null;
            if (!ReadSmallFile(hostnamePath).TryGet(out var text, out var readError)) mismatch = readError;
            else if (!OnionAddress.TryParse(System.Text.Encoding.ASCII.GetString(text).Trim(), out var address, out var parseError))
                mismatch = new Problem(parseError, Source: hostnamePath);
            else if (!address.PublicKey.Equals(secret.Value.PublicKey))
                mismatch = new Problem($"{hostnamePath} ({address}) does not match {SecretKeyFileName} ({secret.Value.Address})");
            if (mismatch is not null)
            {
                secret.Value.Dispose();
                return mismatch;
            }
        }
        return secret;
    }

    /// <summary>Onionbalance's v3 frontend key file (its config generator writes the identity key
    /// as an unencrypted PKCS#8 PEM "PRIVATE KEY"; it also accepts tor's binary file).</summary>
    public static Result<IdentitySecretKey, Problem> ParseOnionbalancePem(string text) => OnionbalanceKeyFile.ParsePem(text);

    /// <summary>Reads an Onionbalance key file in either form it accepts: PKCS#8 PEM or tor's
    /// hs_ed25519_secret_key.</summary>
    public static Result<IdentitySecretKey, Problem> ReadOnionbalanceKey(string path)
    {
        if (!ReadSmallFile(path).TryGet(out var bytes, out var error)) return error;
        try
        {
            var result = bytes.AsSpan().StartsWith("== "u8)
                ? ParseSecretKey(bytes)
                : ParseOnionbalancePem(System.Text.Encoding.ASCII.GetString(bytes));
            return result.MapError(p => p.In(path));
        }
        finally { CryptographicOperations.ZeroMemory(bytes); }
    }

    private static void WriteHeader(Span<byte> into, string tag)
    {
        into[..HeaderLength].Clear();
        System.Text.Encoding.ASCII.GetBytes(tag, into);
    }

    private static bool CheckHeader(ReadOnlySpan<byte> bytes, string tag, int expectedLength, string kind, out string error)
    {
        error = "";
        var expected = new byte[HeaderLength];
        WriteHeader(expected, tag);
        if (bytes.Length == 0)
        {
            error = "the file is empty";
            return false;
        }
        var prefixLength = Math.Min(bytes.Length, HeaderLength);
        if (!bytes[..prefixLength].SequenceEqual(expected.AsSpan(0, prefixLength)))
        {
            var other = kind == "secret" ? PublicTag : SecretTag;
            var otherHeader = new byte[HeaderLength];
            WriteHeader(otherHeader, other);
            if (bytes.Length >= other.Length && bytes[..other.Length].SequenceEqual(otherHeader.AsSpan(0, other.Length)))
                error = kind == "secret"
                    ? $"this is a public key file ({PublicKeyFileName}), not a secret key"
                    : $"this is a secret key file ({SecretKeyFileName}), not a public key";
            else if (bytes.StartsWith("== "u8))
                error = $"wrong header \"{Printable(bytes[..prefixLength])}\", expected \"{tag}\"";
            else
                error = $"not a tor {kind} key file (it does not start with \"{tag}\")";
            return false;
        }
        if (bytes.Length < expectedLength)
        {
            error = $"truncated: {bytes.Length} bytes, a tor {kind} key file is {expectedLength} bytes";
            return false;
        }
        if (bytes.Length > expectedLength)
        {
            error = $"{bytes.Length - expectedLength} unexpected bytes after the key (a tor {kind} key file is {expectedLength} bytes)";
            return false;
        }
        return true;
    }

    private static string Printable(ReadOnlySpan<byte> header)
    {
        var end = header.IndexOf((byte)0);
        if (end >= 0) header = header[..end];
        var chars = new char[header.Length];
        for (var i = 0; i < header.Length; i++) chars[i] = header[i] is >= 0x20 and < 0x7f ? (char)header[i] : '?';
        return new string(chars);
    }

    /// <summary>Key files are read through <see cref="SafeFile"/>: a symlink the user made is
    /// followed, but a FIFO, a device or a folder is refused at once instead of hanging or
    /// reading without end.</summary>
    internal static Result<byte[], Problem> ReadSmallFile(string path) =>
        SafeFile.Read(path, MaxFileLength, followLink: true).MapError(e => new Problem(e.Message));
}
