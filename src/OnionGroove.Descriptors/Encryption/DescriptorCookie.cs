using System.Security.Cryptography;

namespace OnionGroove.Descriptors.Encryption;

/// <summary>The descriptor cookie N_hs_desc_enc (rend-spec-v3 §2.5.1.2): with client authorisation on, the random
/// secret that joins the blinded key in the second layer's SECRET_DATA, given to each authorised client encrypted in
/// its `auth-client` line. 16 bytes, as tor makes it (HS_DESC_DESCRIPTOR_COOKIE_LEN; the spec's "32" is outdated, its
/// auth-client format says 16). Zeroed on dispose.</summary>
public sealed class DescriptorCookie : IDisposable
{
    public const int Length = 16;
    private readonly byte[] _bytes;

    private DescriptorCookie(byte[] bytes) => _bytes = bytes;

    public static DescriptorCookie Generate() => new(RandomNumberGenerator.GetBytes(Length));

    public static DescriptorCookie FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length) throw new ArgumentException($"a descriptor cookie is {Length} bytes, got {bytes.Length}", nameof(bytes));
        return new DescriptorCookie(bytes.ToArray());
    }

    public ReadOnlySpan<byte> AsSpan() => _bytes;

    public void Dispose() => CryptographicOperations.ZeroMemory(_bytes);

    public override string ToString() => "descriptor cookie";
}
