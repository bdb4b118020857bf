using System.Numerics;

namespace OnionGroove.Age.Ssh;

/// <summary>Blowfish's initial state is the fractional hex digits of pi (18 P-array words, then
/// four 256-word S-boxes). Computing them (Machin's formula, fixed point) avoids a table of 1042
/// constants in the source; it takes a few milliseconds, once.</summary>
internal static class BlowfishPi
{
    public const int Words = 18 + 4 * 256;
    private static readonly Lazy<uint[]> Digits = new(Compute);

    public static ReadOnlySpan<uint> InitialState => Digits.Value;

    private static uint[] Compute()
    {
        const int guard = 64;
        var bits = Words * 32 + guard;
        // pi = 16 atan(1/5) - 4 atan(1/239)
        var pi = 16 * Atan(5, bits) - 4 * Atan(239, bits);
        var one = BigInteger.One << bits;
        var fraction = (pi - 3 * one) >> guard; // the fractional part, Words*32 bits
        var result = new uint[Words];
        for (var i = Words - 1; i >= 0; i--)
        {
            result[i] = (uint)(fraction & uint.MaxValue);
            fraction >>= 32;
        }
        return result;
    }

    private static BigInteger Atan(int inverse, int bits)
    {
        // atan(1/x) = sum_k (-1)^k / ((2k+1) x^(2k+1)), in fixed point with `bits` fractional bits.
        BigInteger power = (BigInteger.One << bits) / inverse, sum = power;
        var x2 = inverse * inverse;
        for (var k = 1; !power.IsZero; k++)
        {
            power /= x2;
            var term = power / (2 * k + 1);
            sum += (k & 1) == 1 ? -term : term;
        }
        return sum;
    }
}
