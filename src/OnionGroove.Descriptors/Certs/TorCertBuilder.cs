using System.Buffers.Binary;

namespace OnionGroove.Descriptors.Certs;

/// <summary>Signs a message with some ed25519 key (blinded key, descriptor signing key) into a 64-byte span.</summary>
public delegate void CertSigner(ReadOnlySpan<byte> message, Span<byte> signature);

/// <summary>Encodes ed25519 tor certificates (cert-spec §2.1) with the signed-with-ed25519-key extension,
/// as tor does for every onion-service cert (CERT_FLAG_INCLUDE_SIGNING_KEY).</summary>
public static class TorCertBuilder
{
    /// <summary>Tor's HS_DESC_CERT_LIFETIME: 54 hours.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(54);

    /// <summary>EXPIRATION_DATE in hours since the epoch, rounded up as tor does (tor_cert_create_ed25519).</summary>
    public static uint ExpirationHours(DateTimeOffset now, TimeSpan lifetime) =>
        (uint)((now.ToUnixTimeSeconds() + (long)lifetime.TotalSeconds + 3599) / 3600);

    public static byte[] Build(CertType type, ReadOnlySpan<byte> certifiedKey, uint expirationHours, ReadOnlySpan<byte> signingKey, CertSigner sign)
    {
        if (certifiedKey.Length != 32 || signingKey.Length != 32) throw new ArgumentException("keys are 32 bytes");
        var cert = new byte[TorCert.HeaderLength + 4 + 32 + TorCert.SignatureLength];
        cert[0] = TorCert.Version1;
        cert[1] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(cert.AsSpan(2), expirationHours);
        cert[6] = TorCert.KeyTypeEd25519;
        certifiedKey.CopyTo(cert.AsSpan(7));
        cert[39] = 1;
        var ext = cert.AsSpan(TorCert.HeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(ext, 32);
        ext[2] = CertExtension.SignedWithEd25519Key;
        ext[3] = 0;
        signingKey.CopyTo(ext[4..]);
        int signedLength = cert.Length - TorCert.SignatureLength;
        sign(cert.AsSpan(0, signedLength), cert.AsSpan(signedLength));
        return cert;
    }
}
