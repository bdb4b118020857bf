using System.Security.Cryptography;
using OnionGroove.Age.Format;
using OnionGroove.Core;
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

    /// <summary>Parses "age1…"; post-quantum and plugin recipients are reported as unsupported.</summary>
    public static Result<X25519Recipient, AgeException> Parse(string text)
    {
        if (!Bech32.Decode(text.Trim()).TryGet(out var decoded, out var why))
            return new AgeInvalidKeyException($"invalid age recipient: {why.Message}");
        var (hrp, data) = decoded;
        if (hrp is "age1pq" or "age1tag" or "age1tagpq" || hrp.StartsWith("age1", StringComparison.Ordinal))
            return new AgeUnsupportedException($"{hrp} recipients (post-quantum, tagged or plugin) are not supported; use an age1… X25519 recipient");
        if (hrp != "age") return new AgeInvalidKeyException($"not an age recipient (prefix \"{hrp}1\")");
        if (data.Length != 32) return new AgeInvalidKeyException($"invalid age recipient: key is {data.Length} bytes, not 32");
        return new X25519Recipient(data);
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
