using System.Buffers.Binary;
using System.Security.Cryptography;
using OnionGroove.Crypto.Curve;

namespace OnionGroove.Crypto.Vanity;

/// <summary>
/// A worker's start scalar s; candidate n is s + 8n. Without an origin, s is a secret key scalar
/// and the steps are 8 so every candidate keeps the three low bits clear that ed25519 clamping
/// clears. With an origin A (split-key search), s is a public offset and candidate n is the point
/// A + (s + 8n)·B.
/// </summary>
internal sealed class VanityStart(EdwardsPoint? origin = null) : IDisposable
{
    /// <summary>Candidates per start before drawing a new one: keeps s + 8n below 2^255 so the
    /// scalar stays in clamped form (bit 254 set, bit 255 clear).</summary>
    internal const ulong MaxSteps = 1UL << 40;

    private readonly ulong[] _start = new ulong[4];

    /// <summary>Draws a fresh start and returns its first point: a clamped secret scalar (RFC 8032
    /// §5.1.5 bit rules) and s·B, or with an origin a random offset below 2^251 and A + s·B.</summary>
    public EdwardsPoint Reseed()
    {
        Span<byte> s = stackalloc byte[32];
        try
        {
            do
            {
                RandomNumberGenerator.Fill(s);
                if (origin is { } a)
                {
                    s[31] &= 7;
                    Load(s);
                    return EdwardsPoint.Add(a, EdwardsPoint.MulBase(s));
                }
                s[0] &= 248;
                s[31] &= 127;
                s[31] |= 64;
                Load(s);
            }
            while (!HasRoomFor(MaxSteps));
            return EdwardsPoint.MulBase(s);
        }
        finally { CryptographicOperations.ZeroMemory(s); }
    }

    /// <summary>For tests: a chosen start; returns its first point.</summary>
    public EdwardsPoint Set(ReadOnlySpan<byte> start)
    {
        Load(start);
        return origin is { } a ? EdwardsPoint.Add(a, EdwardsPoint.MulBase(start)) : EdwardsPoint.MulBase(start);
    }

    private void Load(ReadOnlySpan<byte> s)
    {
        for (var i = 0; i < 4; i++) _start[i] = BinaryPrimitives.ReadUInt64LittleEndian(s[(8 * i)..]);
    }

    /// <summary>Whether start + 8·steps stays below 2^255.</summary>
    private bool HasRoomFor(ulong steps)
    {
        Span<ulong> sum = stackalloc ulong[4];
        AddOffset(steps * 8, sum);
        return sum[3] >> 63 == 0;
    }

    private void AddOffset(ulong offset, Span<ulong> sum)
    {
        var carry = offset;
        for (var i = 0; i < 4; i++)
        {
            sum[i] = _start[i] + carry;
            carry = sum[i] < carry ? 1UL : 0UL;
        }
    }

    /// <summary>Writes the scalar of candidate n (start + 8n, little endian).</summary>
    public void ScalarOf(ulong n, Span<byte> into)
    {
        Span<ulong> sum = stackalloc ulong[4];
        AddOffset(n * 8, sum);
        for (var i = 0; i < 4; i++) BinaryPrimitives.WriteUInt64LittleEndian(into[(8 * i)..], sum[i]);
        sum.Clear();
    }

    /// <summary>Hands candidate n's scalar to <paramref name="onHit"/>, then wipes the copy.</summary>
    public void Report(ulong n, VanityPrefix prefix, Action<ReadOnlySpan<byte>, VanityPrefix> onHit)
    {
        Span<byte> scalar = stackalloc byte[32];
        try
        {
            ScalarOf(n, scalar);
            onHit(scalar, prefix);
        }
        finally { CryptographicOperations.ZeroMemory(scalar); }
    }

    /// <summary>Forgets the start scalar.</summary>
    public void Dispose() => Array.Clear(_start);
}
