using System.Security.Cryptography;
using OnionGroove.Age.Format;
using OnionGroove.Age.Ssh;
using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Age.Recipients;

/// <summary>An ssh-ed25519 public key used as an age recipient (the age "ssh-ed25519" stanza):
/// the ed25519 key is converted to X25519, and the shared secret is tweaked with a value derived
/// from the ssh key, so a stanza can't be replayed against a different key of the same point.</summary>
public sealed class SshEd25519Recipient : IRecipient
{
    internal const string StanzaType = "ssh-ed25519";
    internal const string Label = "age-encryption.org/v1/ssh-ed25519";

    private readonly byte[] _montgomery;

    internal SshEd25519Recipient(byte[] ed25519PublicKey)
    {
        Ed25519PublicKey = ed25519PublicKey;
        WireBlob = SshWire.Ed25519PublicKeyBlob(ed25519PublicKey);
        Tag = StrictBase64.EncodeRaw(SHA256.HashData(WireBlob).AsSpan(0, 4));
        _montgomery = KeyConversion.Ed25519ToX25519Public(ed25519PublicKey).AsSpan().ToArray();
    }

    public byte[] Ed25519PublicKey { get; }

    /// <summary>The ssh wire encoding of the key ("string ssh-ed25519, string key").</summary>
    internal byte[] WireBlob { get; }

    /// <summary>The stanza's first argument: base64 of SHA-256(wire key)[:4].</summary>
    public string Tag { get; }

    internal ReadOnlySpan<byte> MontgomeryKey => _montgomery;

    internal byte[] Tweak() => AgeCrypto.Hkdf([], WireBlob, Label);

    /// <summary>Parses an authorized_keys-style line "ssh-ed25519 AAAA… [comment]".</summary>
    public static Result<SshEd25519Recipient, AgeException> Parse(string line)
    {
        var parts = line.Trim().Split((char[])[' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2) return new AgeInvalidKeyException("not an ssh public key line (expected \"ssh-ed25519 AAAA…\")");
        if (parts[0] != StanzaType)
            return parts[0].StartsWith("ssh-", StringComparison.Ordinal) || parts[0].StartsWith("ecdsa-", StringComparison.Ordinal)
                ? new AgeUnsupportedException($"{parts[0]} keys are not supported; only ssh-ed25519")
                : new AgeInvalidKeyException("not an ssh public key line (expected \"ssh-ed25519 AAAA…\")");
        var blob = new byte[parts[1].Length];
        if (!Convert.TryFromBase64String(parts[1], blob, out var length)) return new AgeInvalidKeyException("ssh public key: invalid base64");
        if (!SshWire.TryParsePublicKeyBlob(blob.AsSpan(0, length), out var type, out var key) || type != StanzaType)
            return new AgeInvalidKeyException("ssh public key: malformed ssh-ed25519 key blob");
        try
        {
            return new SshEd25519Recipient(key);
        }
        catch (ArgumentException e) // not a point on the curve: the conversion to X25519 refuses it
        {
            return new AgeInvalidKeyException($"ssh public key: {e.Message.Split(" (Parameter")[0]}");
        }
    }

    public IReadOnlyList<Stanza> Wrap(ReadOnlySpan<byte> fileKey)
    {
        var ephemeral = RandomNumberGenerator.GetBytes(32);
        var tweak = Tweak();
        try
        {
            var share = X25519.ScalarMultBase(ephemeral);
            var plain = X25519.ScalarMult(ephemeral, _montgomery);
            var shared = X25519.ScalarMult(tweak, plain);
            CryptographicOperations.ZeroMemory(plain);
            var wrapKey = AgeCrypto.Hkdf(shared, [.. share, .. _montgomery], Label);
            CryptographicOperations.ZeroMemory(shared);
            return [new Stanza(StanzaType, [Tag, StrictBase64.EncodeRaw(share)], AgeCrypto.WrapFileKey(wrapKey, fileKey))];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ephemeral);
            CryptographicOperations.ZeroMemory(tweak);
        }
    }

    public override string ToString() => "ssh-ed25519 " + Convert.ToBase64String(WireBlob);
}
