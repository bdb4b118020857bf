using System.Text;
using OnionGroove.Crypto.Keys;
using OnionGroove.Vault.Manifest;

namespace OnionGroove.Vault.Secrets;

/// <summary>What a decrypted mesh client secret must be: one line, the x25519 secret key in base32
/// (the form of a mesh token's key field), whose public half the manifest records. A mesh client
/// key is for no one service, so unlike a site's client line it names no address.</summary>
internal static class MeshClientCheck
{
    public static string? Problem(SecretEntry entry, ReadOnlySpan<byte> plain)
    {
        if (plain.Length > 256) return $"{plain.Length} bytes is not a mesh client key (one base32 line)";
        if (!ClientAuthSecretKey.TryFromBase32(Encoding.ASCII.GetString(plain).Trim(), out var key, out _))
            return "not a mesh client key (an x25519 secret key in base32, 52 characters)";
        using (key)
        {
            var recorded = entry.MeshClient?.PublicKey ?? "";
            if (!ClientAuthPublicKey.TryFromBase32(recorded, out var expected, out _) || !key.PublicKey.Equals(expected))
                return $"its public key is {key.PublicKey.ToBase32()}, but the manifest records {(recorded.Length > 0 ? recorded : "none")}";
        }
        return null;
    }
}
