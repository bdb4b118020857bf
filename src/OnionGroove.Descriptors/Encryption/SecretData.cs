using System.Security.Cryptography;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Encryption;

/// <summary>SECRET_DATA of rend-spec-v3 §2.5.3, which with the subcredential keys one descriptor layer. For the first
/// layer it is the blinded public key (§2.5.1.1); for the second, the blinded key followed by the descriptor cookie
/// when client authorisation is on, else the blinded key alone (§2.5.2.1). It knows its layer, so a first-layer
/// secret cannot key the second layer. Zeroed on dispose (it may hold the cookie).</summary>
public sealed class SecretData : IDisposable
{
    private readonly byte[] _bytes;

    private SecretData(DescriptorLayer layer, byte[] bytes) { Layer = layer; _bytes = bytes; }

    public static SecretData ForFirstLayer(BlindedPublicKey blindedKey) => new(DescriptorLayer.First, blindedKey.AsSpan().ToArray());

    public static SecretData ForSecondLayer(BlindedPublicKey blindedKey, DescriptorCookie? cookie) =>
        new(DescriptorLayer.Second, cookie is null ? blindedKey.AsSpan().ToArray() : [.. blindedKey.AsSpan(), .. cookie.AsSpan()]);

    public DescriptorLayer Layer { get; }

    internal ReadOnlySpan<byte> AsSpan() => _bytes;

    public void Dispose() => CryptographicOperations.ZeroMemory(_bytes);
}
