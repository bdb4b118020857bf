using System.Buffers.Binary;

namespace OnionGroove.Descriptors.Certs;

/// <summary>One extension of a tor certificate (cert-spec §2.2.1).</summary>
public sealed record CertExtension(byte Type, byte Flags, byte[] Data)
{
    public const byte SignedWithEd25519Key = 0x04;
    /// <summary>Flag AFFECTS_VALIDATION: an unknown extension with it makes the cert invalid.</summary>
    public const byte AffectsValidation = 0x01;
}

/// <summary>A parsed, *unverified* ed25519 tor certificate (cert-spec §2.1). Call <see cref="VerifySignature"/>
/// with the key that must have signed it before trusting <see cref="CertifiedKey"/>.</summary>
public sealed class TorCert
{
    public const byte Version1 = 1;
    public const byte KeyTypeEd25519 = 0x01;
    internal const int HeaderLength = 1 + 1 + 4 + 1 + 32 + 1;
    public const int SignatureLength = 64;

    internal TorCert(byte certType, uint expirationHours, byte keyType, byte[] certifiedKey, IReadOnlyList<CertExtension> extensions,
        byte[] encoded)
    {
        CertTypeValue = certType; ExpirationHours = expirationHours; CertKeyType = keyType; CertifiedKey = certifiedKey;
        Extensions = extensions; Encoded = encoded;
    }

    public byte CertTypeValue { get; }
    public CertType? Type => Enum.IsDefined(typeof(CertType), CertTypeValue) ? (CertType)CertTypeValue : null;
    /// <summary>EXPIRATION_DATE: hours since the Unix epoch.</summary>
    public uint ExpirationHours { get; }
    public DateTimeOffset Expires => DateTimeOffset.FromUnixTimeSeconds(ExpirationHours * 3600L);
    public byte CertKeyType { get; }
    public byte[] CertifiedKey { get; }
    public IReadOnlyList<CertExtension> Extensions { get; }
    /// <summary>The whole certificate as sent.</summary>
    public byte[] Encoded { get; }
    public ReadOnlySpan<byte> SignedPart => Encoded.AsSpan(0, Encoded.Length - SignatureLength);
    public ReadOnlySpan<byte> Signature => Encoded.AsSpan(Encoded.Length - SignatureLength);

    /// <summary>The key in the signed-with-ed25519-key extension, if present.</summary>
    public byte[]? SigningKey => Extensions.FirstOrDefault(e => e.Type == CertExtension.SignedWithEd25519Key)?.Data;

    public bool IsExpired(DateTimeOffset now) => now >= Expires;

    /// <summary>True if the signature is valid under <paramref name="signer"/>.</summary>
    public bool VerifySignature(ReadOnlySpan<byte> signer) => signer.Length == 32 && Ed25519Verifier.Verify(signer, SignedPart, Signature);

    /// <summary>Parses the binary form; the returned error says what is wrong (no exceptions).</summary>
    public static TorCert? Parse(ReadOnlySpan<byte> data, out string? error)
    {
        error = null;
        if (data.Length < HeaderLength + SignatureLength) { error = $"certificate too short ({data.Length} bytes)"; return null; }
        if (data[0] != Version1) { error = $"unsupported certificate version {data[0]}"; return null; }
        byte type = data[1];
        uint expires = BinaryPrimitives.ReadUInt32BigEndian(data[2..]);
        byte keyType = data[6];
        var key = data.Slice(7, 32).ToArray();
        int n = data[39];
        int pos = HeaderLength;
        var exts = new List<CertExtension>(n);
        for (int i = 0; i < n; i++)
        {
            if (pos + 4 > data.Length - SignatureLength) { error = "certificate extension header truncated"; return null; }
            int len = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
            byte extType = data[pos + 2], flags = data[pos + 3];
            pos += 4;
            if (pos + len > data.Length - SignatureLength) { error = "certificate extension truncated"; return null; }
            var extData = data.Slice(pos, len).ToArray();
            pos += len;
            if (extType == CertExtension.SignedWithEd25519Key)
            {
                if (len != 32) { error = "signed-with-ed25519-key extension is not 32 bytes"; return null; }
                if (exts.Any(e => e.Type == extType)) { error = "duplicate signed-with-ed25519-key extension"; return null; }
            }
            else if ((flags & CertExtension.AffectsValidation) != 0)
            {
                error = $"unknown certificate extension {extType:x2} affects validation"; return null;
            }
            exts.Add(new CertExtension(extType, flags, extData));
        }
        if (pos != data.Length - SignatureLength) { error = "certificate has trailing bytes before the signature"; return null; }
        return new TorCert(type, expires, keyType, key, exts, data.ToArray());
    }
}
