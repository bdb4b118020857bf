using System.Diagnostics.CodeAnalysis;

namespace OnionGroove.Crypto.Curve;

/// <summary>Validation shared by all ed25519 public key types.</summary>
internal static class PublicKeyBytes
{
    public static bool Validate(ReadOnlySpan<byte> bytes, [NotNullWhen(false)] out string? error)
    {
        if (bytes.Length != 32)
        {
            error = $"an ed25519 public key is 32 bytes, got {bytes.Length}";
            return false;
        }
        error = null;
        return true;
    }
}
