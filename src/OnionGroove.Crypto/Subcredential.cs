using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto;

/// <summary>N_hs_subcred (rend-spec-v3 §2.1 [SUBCRED]): SHA3-256("subcredential" ‖ N_hs_cred ‖
/// blinded public key), where N_hs_cred = SHA3-256("credential" ‖ identity public key). It binds
/// descriptor encryption and client auth to one service and one time period.</summary>
public sealed class Subcredential : IEquatable<Subcredential>
{
    public const int Length = 32;
    private readonly byte[] _bytes;

    private Subcredential(byte[] bytes) => _bytes = bytes;

    public static Subcredential FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length) throw new ArgumentException($"a subcredential is {Length} bytes, got {bytes.Length}", nameof(bytes));
        return new Subcredential(bytes.ToArray());
    }

    /// <summary>Derives the subcredential from the identity key and its blinded key for a period.</summary>
    public static Subcredential Derive(IdentityPublicKey identity, BlindedPublicKey blinded)
    {
        Span<byte> credential = stackalloc byte[32];
        Span<byte> input = stackalloc byte[Math.Max("credential".Length, "subcredential".Length) + 64];
        var n = Ascii(input, "credential");
        identity.AsSpan().CopyTo(input[n..]);
        System.Security.Cryptography.SHA3_256.HashData(input[..(n + 32)], credential);
        n = Ascii(input, "subcredential");
        credential.CopyTo(input[n..]);
        blinded.AsSpan().CopyTo(input[(n + 32)..]);
        return new Subcredential(System.Security.Cryptography.SHA3_256.HashData(input[..(n + 64)]));
    }

    private static int Ascii(Span<byte> into, string s) => System.Text.Encoding.ASCII.GetBytes(s, into);

    public ReadOnlySpan<byte> AsSpan() => _bytes;

    public bool Equals(Subcredential? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);
    public override bool Equals(object? obj) => Equals(obj as Subcredential);
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);
    public override string ToString() => "subcredential " + Convert.ToHexStringLower(_bytes);
}
