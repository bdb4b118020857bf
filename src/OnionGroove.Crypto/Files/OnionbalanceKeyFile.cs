using System.Security.Cryptography;
using OnionGroove.Core;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Files;

/// <summary>Onionbalance's v3 key file: an unencrypted PKCS#8 PEM "PRIVATE KEY" holding an
/// Ed25519 seed (RFC 8410 §7), as python-cryptography writes it.</summary>
internal static class OnionbalanceKeyFile
{
    // SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 (Ed25519) }, OCTET STRING { OCTET STRING (32) } }
    private static readonly byte[] Pkcs8Ed25519Prefix = Convert.FromHexString("302e020100300506032b657004220420");

    public static Result<IdentitySecretKey, Problem> ParsePem(string text)
    {
        if (text.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
            return new Problem("encrypted PEM keys are not supported (decrypt it first)");
        if (!PemEncoding.TryFind(text, out var fields))
            return new Problem("no PEM block found (expected \"-----BEGIN PRIVATE KEY-----\")");
        var label = text[fields.Label];
        if (label != "PRIVATE KEY")
            return new Problem($"unexpected PEM block \"{label}\", expected \"PRIVATE KEY\"");
        var der = new byte[fields.DecodedDataLength];
        try
        {
            if (!Convert.TryFromBase64String(text[fields.Base64Data], der, out var written) || written != der.Length)
                return new Problem("the PEM body is not valid base64");
            if (der.AsSpan().IndexOf(Ed25519Oid) < 0)
                return new Problem("the PEM key is not an Ed25519 key");
            if (der.Length != Pkcs8Ed25519Prefix.Length + 32 || !der.AsSpan(0, Pkcs8Ed25519Prefix.Length).SequenceEqual(Pkcs8Ed25519Prefix))
                return new Problem($"unsupported PKCS#8 layout ({der.Length} bytes; expected the 48-byte form with the 32-byte seed)");
            return IdentitySecretKey.FromSeed(der.AsSpan(Pkcs8Ed25519Prefix.Length));
        }
        finally { CryptographicOperations.ZeroMemory(der); }
    }

    // OBJECT IDENTIFIER 1.3.101.112 (id-Ed25519), as DER.
    private static readonly byte[] Ed25519Oid = [0x06, 0x03, 0x2b, 0x65, 0x70];

    /// <summary>The PEM text Onionbalance would write for a seed-based key.</summary>
    public static string FormatPem(ReadOnlySpan<byte> seed)
    {
        var der = new byte[Pkcs8Ed25519Prefix.Length + 32];
        try
        {
            Pkcs8Ed25519Prefix.CopyTo(der, 0);
            seed.CopyTo(der.AsSpan(Pkcs8Ed25519Prefix.Length));
            return new string(PemEncoding.Write("PRIVATE KEY", der)) + "\n";
        }
        finally { CryptographicOperations.ZeroMemory(der); }
    }
}
