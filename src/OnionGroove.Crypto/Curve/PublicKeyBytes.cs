using System.Diagnostics.CodeAnalysis;

namespace OnionGroove.Crypto.Curve;

/// <summary>Validation shared by all ed25519 public key types: a canonical encoding of a curve
/// point in the prime-order subgroup (as tor's ed25519_validate_pubkey demands).</summary>
internal static class PublicKeyBytes
{
    public static bool Validate(ReadOnlySpan<byte> bytes, [NotNullWhen(false)] out string? error)
    {
        if (bytes.Length != 32)
        {
            error = $"an ed25519 public key is 32 bytes, got {bytes.Length}";
            return false;
        }
        if (!EdwardsPoint.TryDecode(bytes, out var point, out error)) return false;
        if (point.IsIdentity)
        {
            error = "the identity point is not a public key";
            return false;
        }
        if (!point.IsTorsionFree)
        {
            error = "the point has a small-order component (not in the prime-order subgroup)";
            return false;
        }
        return true;
    }
}
