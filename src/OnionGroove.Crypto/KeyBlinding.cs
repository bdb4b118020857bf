using System.Buffers.Binary;
using System.Security.Cryptography;
using OnionGroove.Crypto.Curve;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto;

/// <summary>Key blinding (rend-spec-v3 appendix A.2 "Tor's key derivation scheme").</summary>
internal static class KeyBlinding
{
    // BLIND_STRING = "Derive temporary signing key" | INT_1(0).
    private static readonly byte[] BlindString = [.. "Derive temporary signing key"u8, 0];

    // B: the base point written out as in the spec (decimal x, y in parentheses).
    private static readonly byte[] BasePointString =
        "(15112221349535400772501151409588531511454012693041857206046113283949847762202, 46316835694926478169428394003475163141307993866256225615783033603165251855960)"u8.ToArray();

    private static readonly byte[] KeyBlindNonce = "key-blind"u8.ToArray();

    // RH_BLIND_STRING: the prefix of the blinded key is SHA-512(RH_BLIND_STRING | RH)[:32].
    private static readonly byte[] PrefixBlindString = "Derive temporary signing key hash input"u8.ToArray();

    /// <summary>h = H(BLIND_STRING | A | B | N), N = "key-blind" | INT_8(period number) |
    /// INT_8(period length); s (the optional secret) is empty for onion services.</summary>
    public static byte[] BlindingParameter(ReadOnlySpan<byte> identityPublicKey, TimePeriod period)
    {
        var input = new byte[BlindString.Length + 32 + BasePointString.Length + KeyBlindNonce.Length + 16];
        var o = 0;
        BlindString.CopyTo(input, o); o += BlindString.Length;
        identityPublicKey.CopyTo(input.AsSpan(o)); o += 32;
        BasePointString.CopyTo(input, o); o += BasePointString.Length;
        KeyBlindNonce.CopyTo(input, o); o += KeyBlindNonce.Length;
        BinaryPrimitives.WriteUInt64BigEndian(input.AsSpan(o), (ulong)period.Number); o += 8;
        BinaryPrimitives.WriteUInt64BigEndian(input.AsSpan(o), (ulong)period.LengthMinutes);
        return SHA3_256.HashData(input);
    }

    /// <summary>Ed25519 clamping of the blinding factor (A.2).</summary>
    public static byte[] Clamp(ReadOnlySpan<byte> parameter)
    {
        var h = parameter[..32].ToArray();
        h[0] &= 248;
        h[31] &= 63;
        h[31] |= 64;
        return h;
    }

    public static BlindedPublicKey BlindPublic(IdentityPublicKey identity, TimePeriod period) =>
        BlindedPublicKey.FromTrustedBytes(BlindPublicWithParameter(identity.AsSpan(), BlindingParameter(identity.AsSpan(), period)));

    public static BlindedKeypair BlindSecret(ExpandedSecret secret, IdentityPublicKey identity, TimePeriod period) =>
        new(BlindExpandedWithParameter(secret.Expanded, BlindingParameter(identity.AsSpan(), period)), period);

    /// <summary>A' = clamp(h)·A. The key is public, so variable-time multiplication is fine.</summary>
    internal static byte[] BlindPublicWithParameter(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> parameter)
    {
        if (!EdwardsPoint.TryDecode(publicKey, out var a, out var error))
            throw new ArgumentException($"cannot blind an invalid public key: {error}", nameof(publicKey));
        return EdwardsPoint.MulVartime(a, Clamp(parameter)).Encode();
    }

    /// <summary>a' = clamp(h)·a mod l; RH' = SHA-512(RH_BLIND_STRING | RH)[:32].</summary>
    internal static ExpandedSecret BlindExpandedWithParameter(ReadOnlySpan<byte> expanded, ReadOnlySpan<byte> parameter)
    {
        var blinded = GC.AllocateUninitializedArray<byte>(64, pinned: true);
        var prefixInput = GC.AllocateUninitializedArray<byte>(PrefixBlindString.Length + 32, pinned: true);
        Span<byte> hash = stackalloc byte[64];
        try
        {
            Scalar.Mul(Clamp(parameter), expanded[..32], blinded.AsSpan(0, 32));
            PrefixBlindString.CopyTo(prefixInput, 0);
            expanded[32..64].CopyTo(prefixInput.AsSpan(PrefixBlindString.Length));
            SHA512.HashData(prefixInput, hash);
            hash[..32].CopyTo(blinded.AsSpan(32));
            return ExpandedSecret.FromExpanded(blinded);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(blinded);
            CryptographicOperations.ZeroMemory(prefixInput);
            CryptographicOperations.ZeroMemory(hash);
        }
    }
}
