using System.Security.Cryptography;
using OnionGroove.Age.Format;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Age.Recipients;

/// <summary>A native age X25519 recipient, "age1…" (spec "The X25519 recipient type").</summary>
public sealed class X25519Recipient : IRecipient, IEquatable<X25519Recipient>
{
    internal const string StanzaType = "X25519";
    internal const string Label = "age-encryption.org/v1/X25519";
    private readonly byte[] _publicKey;

    internal X25519Recipient(byte[] publicKey) => _publicKey = publicKey;

    public ReadOnlySpan<byte> PublicKey => _publicKey;

    public static X25519Recipient Parse(string text) =>
        TryParse(text, out var r, out var error) ? r : throw error;

    /// <summary>Parses "age1…"; post-quantum and plugin recipients are reported as unsupported.</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out X25519Recipient? recipient,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out AgeException? error)
    {
        recipient = null;
        text = text.Trim();
        if (!Bech32.Decode(text).TryGet(out var decoded, out var why))
        {
            error = new AgeInvalidKeyException($"invalid age recipient: {why.Message}");
            return false;
        }
        var (hrp, data) = decoded;
        if (hrp is "age1pq" or "age1tag" or "age1tagpq" || hrp.StartsWith("age1", StringComparison.Ordinal))
        {
            error = new AgeUnsupportedException($"{hrp} recipients (post-quantum, tagged or plugin) are not supported; use an age1… X25519 recipient");
            return false;
        }
        if (hrp != "age")
        {
            error = new AgeInvalidKeyException($"not an age recipient (prefix \"{hrp}1\")");
            return false;
        }
        if (data.Length != 32)
        {
            error = new AgeInvalidKeyException($"invalid age recipient: key is {data.Length} bytes, not 32");
            return false;
        }
        recipient = new X25519Recipient(data);
        error = null;
        return true;
    }

    public IReadOnlyList<Stanza> Wrap(ReadOnlySpan<byte> fileKey)
    {
        var ephemeral = RandomNumberGenerator.GetBytes(32);
        try
        {
            var share = X25519.ScalarMultBase(ephemeral);
            var shared = X25519.ScalarMult(ephemeral, _publicKey);
            var wrapKey = AgeCrypto.Hkdf(shared, [.. share, .. _publicKey], Label);
            CryptographicOperations.ZeroMemory(shared);
            return [new Stanza(StanzaType, [StrictBase64.EncodeRaw(share)], AgeCrypto.WrapFileKey(wrapKey, fileKey))];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ephemeral);
        }
    }

    public override string ToString() => Bech32.Encode("age", _publicKey, upper: false);
    public bool Equals(X25519Recipient? other) => other is not null && _publicKey.AsSpan().SequenceEqual(other._publicKey);
    public override bool Equals(object? obj) => Equals(obj as X25519Recipient);
    public override int GetHashCode() => BitConverter.ToInt32(_publicKey, 0);
}
