using System.Security.Cryptography;
using OnionGroove.Age.Format;
using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Age.Recipients;

/// <summary>A native age X25519 identity, "AGE-SECRET-KEY-1…". Dispose to wipe the secret.</summary>
public sealed class X25519Identity : IIdentity, IDisposable
{
    private readonly byte[] _secret;

    private X25519Identity(byte[] secret)
    {
        _secret = secret;
        Recipient = new X25519Recipient(X25519.ScalarMultBase(secret));
    }

    public X25519Recipient Recipient { get; }

    public static X25519Identity Generate() => new(RandomNumberGenerator.GetBytes(32));

    /// <summary>Parses "AGE-SECRET-KEY-1…"; post-quantum and plugin identities are reported as unsupported.</summary>
    public static Result<X25519Identity, AgeException> Parse(string text)
    {
        // Never echo the text in an error: it is (almost) a secret key.
        if (!Bech32.Decode(text.Trim()).TryGet(out var decoded, out var why))
            return new AgeInvalidKeyException($"invalid age identity: {why.Message}");
        var (hrp, data) = decoded;
        var upperHrp = hrp.ToUpperInvariant();
        if (upperHrp == "AGE-SECRET-KEY-PQ-" || upperHrp.StartsWith("AGE-PLUGIN-", StringComparison.Ordinal))
        {
            CryptographicOperations.ZeroMemory(data);
            return new AgeUnsupportedException($"{upperHrp}1… identities (post-quantum or plugin) are not supported");
        }
        if (upperHrp != "AGE-SECRET-KEY-" || data.Length != 32)
        {
            CryptographicOperations.ZeroMemory(data);
            return new AgeInvalidKeyException("not an age identity (expected AGE-SECRET-KEY-1… of 32 bytes)");
        }
        return new X25519Identity(data);
    }

    /// <summary>The identity in its text form. This is the secret key: write it only to 0600 files.</summary>
    public string ExportSecret() => Bech32.Encode("AGE-SECRET-KEY-", _secret, upper: true);

    public byte[]? Unwrap(IReadOnlyList<Stanza> stanzas)
    {
        foreach (var s in stanzas)
        {
            if (s.Type != X25519Recipient.StanzaType) continue;
            if (s.Arguments.Count != 1) throw new AgeHeaderException("X25519 stanza must have exactly one argument");
            if (!StrictBase64.TryDecodeRaw(s.Arguments[0], out var share) || share.Length != 32)
                throw new AgeHeaderException("X25519 stanza share is not canonical base64 of 32 bytes");
            // Checked before any decryption attempt (partitioning oracles, spec).
            if (s.Body.Length != AgeCrypto.FileKeySize + 16) throw new AgeHeaderException("X25519 stanza body has the wrong length");
            var shared = X25519.ScalarMult(_secret, share);
            if (X25519.IsAllZero(shared)) throw new AgeHeaderException("X25519 stanza share is a low-order point");
            var wrapKey = AgeCrypto.Hkdf(shared, [.. share, .. Recipient.PublicKey], X25519Recipient.Label);
            CryptographicOperations.ZeroMemory(shared);
            var fileKey = AgeCrypto.UnwrapFileKey(wrapKey, s.Body);
            if (fileKey is not null) return fileKey;
        }
        return null;
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_secret);

    public override string ToString() => $"X25519Identity({Recipient})";
}
