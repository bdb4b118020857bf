using System.Security.Cryptography;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.FirstLayer;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Encryption;

/// <summary>Descriptor client authorization (rend-spec-v3 §2.5.1.2 [CLIENT-AUTH]):
/// SECRET_SEED = X25519(client_sk, KP_hs_desc_ephem) = X25519(hs_desc_ephem_sk, client_pk);
/// KEYS = SHAKE-256(subcredential ‖ SECRET_SEED, 40) = CLIENT-ID(8) ‖ COOKIE-KEY(32);
/// encrypted-cookie = AES-256-CTR(COOKIE-KEY, IV, descriptor_cookie).</summary>
public static class DescriptorClientAuth
{
    /// <summary>Derives (client id, cookie key) from the X25519 shared secret. Caller zeroes <paramref name="cookieKey"/>.</summary>
    public static void DeriveKeys(Subcredential subcredential, ReadOnlySpan<byte> secretSeed, Span<byte> clientId, Span<byte> cookieKey)
    {
        Span<byte> input = stackalloc byte[Subcredential.Length + secretSeed.Length];
        Span<byte> keys = stackalloc byte[AuthClient.ClientIdLength + 32];
        subcredential.AsSpan().CopyTo(input);
        secretSeed.CopyTo(input[Subcredential.Length..]);
        Primitives.Shake256(input, keys);
        keys[..AuthClient.ClientIdLength].CopyTo(clientId);
        keys[AuthClient.ClientIdLength..].CopyTo(cookieKey);
        CryptographicOperations.ZeroMemory(input);
        CryptographicOperations.ZeroMemory(keys);
    }

    /// <summary>Finds this client's `auth-client` line and decrypts the descriptor cookie; null when no line is ours.</summary>
    public static DescriptorCookie? TryDecryptCookie(FirstLayerDocument layer, Subcredential subcredential, ClientAuthSecretKey client)
    {
        if (!X25519PublicKey.TryFromBytes(layer.EphemeralKey, out var eph, out _)) return null;
        Span<byte> seed = stackalloc byte[32];
        Span<byte> id = stackalloc byte[AuthClient.ClientIdLength];
        Span<byte> cookieKey = stackalloc byte[32];
        Span<byte> cookie = stackalloc byte[DescriptorCookie.Length];
        try
        {
            if (!client.Key.TryAgree(eph, seed)) return null;
            DeriveKeys(subcredential, seed, id, cookieKey);
            foreach (var ac in layer.AuthClients)
            {
                if (!CryptographicOperations.FixedTimeEquals(ac.ClientId, id)) continue;
                Primitives.AesCtr(cookieKey, ac.Iv, ac.EncryptedCookie, cookie);
                return DescriptorCookie.FromBytes(cookie);
            }
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            CryptographicOperations.ZeroMemory(cookieKey);
            CryptographicOperations.ZeroMemory(cookie);
        }
    }

    /// <summary>Builds the `auth-client` line for one authorised client (service side).</summary>
    public static AuthClient EncryptCookie(Subcredential subcredential, X25519SecretKey ephemeral, X25519PublicKey clientKey,
        DescriptorCookie cookie, ReadOnlySpan<byte> iv)
    {
        Span<byte> seed = stackalloc byte[32];
        Span<byte> cookieKey = stackalloc byte[32];
        var id = new byte[AuthClient.ClientIdLength];
        try
        {
            if (!ephemeral.TryAgree(clientKey, seed))
                throw new ArgumentException("client key is a low-order point", nameof(clientKey));
            DeriveKeys(subcredential, seed, id, cookieKey);
            var enc = new byte[DescriptorCookie.Length];
            Primitives.AesCtr(cookieKey, iv, cookie.AsSpan(), enc);
            return new AuthClient(id, iv.ToArray(), enc);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            CryptographicOperations.ZeroMemory(cookieKey);
        }
    }
}
