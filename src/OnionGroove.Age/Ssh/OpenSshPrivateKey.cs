using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OnionGroove.Age.Ssh;

/// <summary>The "openssh-key-v1" private key format (OpenSSH PROTOCOL.key): an unencrypted part with
/// the public key, and a private part that is either plain or encrypted with aes256-ctr under a key
/// from bcrypt_pbkdf. Only ed25519 keys are returned; other types are reported as unsupported.</summary>
internal sealed class OpenSshPrivateKey
{
    public const string PemBegin = "-----BEGIN OPENSSH PRIVATE KEY-----";
    public const string PemEnd = "-----END OPENSSH PRIVATE KEY-----";
    private static readonly byte[] Magic = "openssh-key-v1\0"u8.ToArray();

    private readonly string _cipher;
    private readonly byte[] _salt;
    private readonly uint _rounds;
    private readonly byte[] _privateSection;

    private OpenSshPrivateKey(byte[] publicKey, string cipher, byte[] salt, uint rounds, byte[] privateSection)
    {
        PublicKey = publicKey;
        _cipher = cipher;
        _salt = salt;
        _rounds = rounds;
        _privateSection = privateSection;
    }

    /// <summary>The ed25519 public key (readable without the passphrase).</summary>
    public byte[] PublicKey { get; }

    public bool IsEncrypted => _cipher != "none";

    public static OpenSshPrivateKey Parse(string pem)
    {
        var text = pem.Replace("\r", "").Trim();
        if (!text.StartsWith(PemBegin, StringComparison.Ordinal) || !text.EndsWith(PemEnd, StringComparison.Ordinal))
            throw new AgeInvalidKeyException("not an OpenSSH private key (no BEGIN/END OPENSSH PRIVATE KEY lines)");
        var b64 = string.Concat(text[PemBegin.Length..^PemEnd.Length].Split('\n', StringSplitOptions.TrimEntries));
        byte[] blob;
        try { blob = Convert.FromBase64String(b64); }
        catch (FormatException) { throw new AgeInvalidKeyException("OpenSSH private key: invalid base64"); }

        if (!blob.AsSpan().StartsWith(Magic)) throw new AgeInvalidKeyException("OpenSSH private key: unknown format (no openssh-key-v1 magic)");
        var r = new SshWireReader(blob.AsSpan(Magic.Length));
        if (!r.TryReadText(out var cipher) || !r.TryReadText(out var kdf) || !r.TryReadString(out var kdfOptions)
            || !r.TryReadUInt32(out var keyCount) || keyCount != 1 || !r.TryReadString(out var publicBlob)
            || !r.TryReadString(out var privateSection) || r.Remaining != 0)
            throw new AgeInvalidKeyException("OpenSSH private key: malformed or holds more than one key");
        if (!SshWire.TryParsePublicKeyBlob(publicBlob, out var keyType, out var publicKey))
            throw new AgeInvalidKeyException("OpenSSH private key: malformed public key");
        if (keyType != "ssh-ed25519")
            throw new AgeUnsupportedException($"{keyType} keys are not supported; only ssh-ed25519");

        byte[] salt = [];
        uint rounds = 0;
        if (cipher == "none")
        {
            if (kdf != "none") throw new AgeInvalidKeyException("OpenSSH private key: kdf without a cipher");
        }
        else
        {
            if (cipher != "aes256-ctr") throw new AgeUnsupportedException($"OpenSSH private keys encrypted with {cipher} are not supported (only aes256-ctr)");
            if (kdf != "bcrypt") throw new AgeUnsupportedException($"OpenSSH key derivation {kdf} is not supported (only bcrypt)");
            var o = new SshWireReader(kdfOptions);
            if (!o.TryReadString(out var s) || !o.TryReadUInt32(out rounds) || o.Remaining != 0 || rounds is 0 or > 10_000)
                throw new AgeInvalidKeyException("OpenSSH private key: malformed bcrypt options");
            salt = s.ToArray();
        }
        if (privateSection.Length % (cipher == "none" ? 8 : 16) != 0)
            throw new AgeInvalidKeyException("OpenSSH private key: private section length is not a multiple of the block size");
        return new OpenSshPrivateKey(publicKey, cipher, salt, rounds, privateSection.ToArray());
    }

    /// <summary>Returns the 32-byte ed25519 seed. Throws AgeInvalidKeyException on a wrong passphrase.</summary>
    public byte[] DecryptSeed(Func<string>? passphrase)
    {
        var plain = _privateSection;
        if (IsEncrypted)
        {
            if (passphrase is null) throw new AgeInvalidKeyException("the OpenSSH private key is encrypted and no passphrase was given");
            var pass = Encoding.UTF8.GetBytes(passphrase());
            var keyIv = BcryptPbkdf.Derive(pass, _salt, (int)_rounds, 32 + 16);
            CryptographicOperations.ZeroMemory(pass);
            plain = AesCtr(keyIv.AsSpan(0, 32), keyIv.AsSpan(32, 16), _privateSection);
            CryptographicOperations.ZeroMemory(keyIv);
        }
        try
        {
            var r = new SshWireReader(plain);
            if (!r.TryReadUInt32(out var check1) || !r.TryReadUInt32(out var check2) || check1 != check2)
                throw new AgeInvalidKeyException(IsEncrypted ? "wrong passphrase for the OpenSSH private key" : "OpenSSH private key: corrupt private section");
            if (!r.TryReadText(out var type) || type != "ssh-ed25519" || !r.TryReadString(out var pub) || !r.TryReadString(out var priv)
                || pub.Length != 32 || priv.Length != 64 || !r.TryReadString(out _))
                throw new AgeInvalidKeyException("OpenSSH private key: malformed ed25519 private key");
            if (!priv[32..].SequenceEqual(PublicKey) || !pub.SequenceEqual(PublicKey))
                throw new AgeInvalidKeyException("OpenSSH private key: public and private parts do not match");
            return priv[..32].ToArray();
        }
        finally
        {
            if (IsEncrypted) CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>AES-256 in counter mode (big-endian 128-bit counter starting at the IV), built from ECB.</summary>
    private static byte[] AesCtr(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, byte[] data)
    {
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        var counters = new byte[data.Length];
        var counter = iv.ToArray();
        for (var i = 0; i < data.Length; i += 16)
        {
            counter.CopyTo(counters, i);
            for (var j = 15; j >= 0 && ++counter[j] == 0; j--) { }
        }
        var stream = aes.EncryptEcb(counters, PaddingMode.None);
        for (var i = 0; i < data.Length; i++) stream[i] ^= data[i];
        return stream;
    }
}
