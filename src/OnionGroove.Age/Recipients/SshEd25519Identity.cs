using System.Security.Cryptography;
using OnionGroove.Age.Format;
using OnionGroove.Age.Ssh;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Age.Recipients;

/// <summary>An OpenSSH ed25519 private key used as an age identity. For an encrypted key the
/// passphrase is only asked for when the file has a stanza with this key's tag.</summary>
public sealed class SshEd25519Identity : IIdentity, IDisposable
{
    private readonly OpenSshPrivateKey _key;
    private readonly Func<string>? _passphrase;
    private byte[]? _x25519Secret;

    private SshEd25519Identity(OpenSshPrivateKey key, SshEd25519Recipient recipient, Func<string>? passphrase)
    {
        _key = key;
        _passphrase = passphrase;
        Recipient = recipient;
    }

    public SshEd25519Recipient Recipient { get; }

    /// <summary>Parses "-----BEGIN OPENSSH PRIVATE KEY-----…". An unencrypted key is checked now;
    /// an encrypted one when first needed (then a wrong passphrase throws AgeInvalidKeyException).</summary>
    public static SshEd25519Identity Parse(string openSshPrivateKeyPem, Func<string>? passphrase = null)
    {
        var key = OpenSshPrivateKey.Parse(openSshPrivateKeyPem);
        SshEd25519Recipient recipient;
        // The file's public key must be a point of edwards25519 to be mapped to X25519 (RFC 7748 §4.1);
        // 32 arbitrary bytes often are not.
        try { recipient = new SshEd25519Recipient(key.PublicKey); }
        catch (ArgumentException e) { throw new AgeInvalidKeyException($"OpenSSH private key: {e.Message.Split(" (Parameter")[0]}"); }
        var id = new SshEd25519Identity(key, recipient, passphrase);
        if (!key.IsEncrypted) id.Secret();
        return id;
    }

    private byte[] Secret()
    {
        if (_x25519Secret is not null) return _x25519Secret;
        var seed = _key.DecryptSeed(_passphrase);
        try
        {
            using var x = KeyConversion.Ed25519SeedToX25519Secret(seed);
            var secret = new byte[32];
            x.ExportSecret(secret);
            return _x25519Secret = secret;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public byte[]? Unwrap(IReadOnlyList<Stanza> stanzas)
    {
        foreach (var s in stanzas)
        {
            if (s.Type != SshEd25519Recipient.StanzaType) continue;
            if (s.Arguments.Count != 2) throw new AgeHeaderException("ssh-ed25519 stanza must have exactly two arguments");
            if (s.Arguments[0] != Recipient.Tag) continue;
            if (!StrictBase64.TryDecodeRaw(s.Arguments[1], out var share) || share.Length != 32)
                throw new AgeHeaderException("ssh-ed25519 stanza share is not canonical base64 of 32 bytes");
            if (s.Body.Length != AgeCrypto.FileKeySize + 16) throw new AgeHeaderException("ssh-ed25519 stanza body has the wrong length");
            var plain = X25519.ScalarMult(Secret(), share);
            var tweak = Recipient.Tweak();
            var shared = X25519.ScalarMult(tweak, plain);
            CryptographicOperations.ZeroMemory(plain);
            CryptographicOperations.ZeroMemory(tweak);
            if (X25519.IsAllZero(shared)) throw new AgeHeaderException("ssh-ed25519 stanza share is a low-order point");
            var wrapKey = AgeCrypto.Hkdf(shared, [.. share, .. Recipient.MontgomeryKey], SshEd25519Recipient.Label);
            CryptographicOperations.ZeroMemory(shared);
            var fileKey = AgeCrypto.UnwrapFileKey(wrapKey, s.Body);
            if (fileKey is not null) return fileKey;
        }
        return null;
    }

    public void Dispose()
    {
        if (_x25519Secret is not null) CryptographicOperations.ZeroMemory(_x25519Secret);
    }

    public override string ToString() => $"SshEd25519Identity({Recipient.Tag})";
}
