using System.Buffers.Binary;
using System.Text;

namespace OnionGroove.TestSupport;

/// <summary>Hostile variants of real OpenSSH private keys ("openssh-key-v1", PROTOCOL.key).</summary>
public static class SshKeyCraft
{
    private const string Begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
    private const string End = "-----END OPENSSH PRIVATE KEY-----";

    /// <summary>An ed25519 public key that is not a point of the curve: y = 2 has no x
    /// (x² = (y² − 1)/(d·y² + 1) is not a square mod 2^255 − 19).</summary>
    public static byte[] NotACurvePoint => [2, .. new byte[31]];

    /// <summary>The unencrypted key <paramref name="pem"/> with its 32-byte public key replaced
    /// everywhere it occurs (public part, private part, and the second half of the private key),
    /// so only the point itself is wrong.</summary>
    public static string ReplacePublicKey(string pem, byte[] newPublicKey)
    {
        var blob = Blob(pem);
        var old = PublicKeyOf(blob);
        for (var i = blob.AsSpan().IndexOf(old); i >= 0; i = blob.AsSpan().IndexOf(old))
            newPublicKey.CopyTo(blob, i);
        return Pem(blob);
    }

    /// <summary>The binary key inside the PEM armour.</summary>
    public static byte[] Blob(string pem)
    {
        var body = pem.Trim()[Begin.Length..^End.Length];
        return Convert.FromBase64String(string.Concat(body.Split('\n', StringSplitOptions.TrimEntries)));
    }

    /// <summary>PEM armour as ssh-keygen writes it (70 base64 characters a line).</summary>
    public static string Pem(byte[] blob)
    {
        var b64 = Convert.ToBase64String(blob);
        var sb = new StringBuilder(Begin + "\n");
        for (var i = 0; i < b64.Length; i += 70) sb.Append(b64.AsSpan(i, Math.Min(70, b64.Length - i))).Append('\n');
        return sb.Append(End).Append('\n').ToString();
    }

    private static byte[] PublicKeyOf(byte[] blob)
    {
        var at = "openssh-key-v1\0"u8.Length;
        int Skip() { var n = (int)BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(at)); at += 4; var start = at; at += n; return start; }
        Skip(); Skip(); Skip();          // cipher, kdf, kdf options
        at += 4;                         // number of keys
        var pub = Skip();                // public key blob: string "ssh-ed25519", string key
        at = pub;
        Skip();
        return blob.AsSpan(Skip(), 32).ToArray();
    }
}
