using System.Security.Cryptography;
using OnionGroove.Descriptors.Encryption;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace OnionGroove.Descriptors.Tests;

/// <summary>The layer cipher's AES-256-CTR (built on .NET's ECB) against BouncyCastle's CTR mode.</summary>
public class AesCtrTests
{
    public static TheoryData<string, int> Cases => new()
    {
        { "00000000000000000000000000000000", 0 },
        { "00000000000000000000000000000000", 1 },
        { "0102030405060708090a0b0c0d0e0f10", 4095 },
        { "0102030405060708090a0b0c0d0e0f10", 4096 },
        { "0102030405060708090a0b0c0d0e0f10", 20_000 },
        { "00000000000000fffffffffffffffff0", 1000 },   // low half overflows: the carry reaches the high half
        { "ffffffffffffffffffffffffffffffff", 100 },    // the whole counter wraps to zero
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesBouncyCastleCtr(string ivHex, int length)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = Convert.FromHexString(ivHex);
        var plain = RandomNumberGenerator.GetBytes(length);

        var ours = new byte[length];
        Primitives.AesCtr(key, iv, plain, ours);

        var ctr = new SicBlockCipher(new AesEngine());
        ctr.Init(true, new ParametersWithIV(new KeyParameter(key), iv));
        var expected = new byte[length];
        var block = new byte[16];
        for (var off = 0; off < length; off += 16)
        {
            var n = Math.Min(16, length - off);
            var input = new byte[16];
            plain.AsSpan(off, n).CopyTo(input);
            ctr.ProcessBlock(input, 0, block, 0);
            block.AsSpan(0, n).CopyTo(expected.AsSpan(off));
        }
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(ours));
    }
}
