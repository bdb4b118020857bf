using System.Numerics;
using OnionGroove.Crypto.Keys;
using Bc = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace OnionGroove.Crypto.Tests;

/// <summary>Our own Ed25519.Verify must accept and reject exactly what BouncyCastle's RFC 8032
/// verifier (the one it replaced) does, on valid signatures and on many kinds of broken ones.</summary>
public class VerifyAgainstBouncyCastleTests
{
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");

    private static bool Ours(byte[] pk, byte[] msg, byte[] sig) => Ed25519.Verify(pk, msg, sig);
    private static bool Theirs(byte[] pk, byte[] msg, byte[] sig) => Bc.Verify(sig, 0, pk, 0, msg, 0, msg.Length);

    private static (byte[] Pk, byte[] Msg, byte[] Sig) Valid(Random rng)
    {
        var seed = new byte[32];
        rng.NextBytes(seed);
        var pk = new byte[32];
        Bc.GeneratePublicKey(seed, 0, pk, 0);
        var msg = new byte[rng.Next(0, 300)];
        rng.NextBytes(msg);
        var sig = new byte[64];
        Bc.Sign(seed, 0, msg, 0, msg.Length, sig, 0);
        return (pk, msg, sig);
    }

    [Fact]
    public void ValidSignaturesVerify()
    {
        var rng = new Random(1);
        for (var i = 0; i < 100; i++)
        {
            var (pk, msg, sig) = Valid(rng);
            Assert.True(Theirs(pk, msg, sig));
            Assert.True(Ours(pk, msg, sig));
        }
    }

    [Fact]
    public void MutatedSignaturesAgreeWithBouncyCastle()
    {
        var rng = new Random(2);
        int rejected = 0;
        for (var i = 0; i < 300; i++)
        {
            var (pk, msg, sig) = Valid(rng);
            switch (i % 6)
            {
                case 0: sig[rng.Next(64)] ^= (byte)(1 << rng.Next(8)); break;
                case 1: if (msg.Length > 0) msg[rng.Next(msg.Length)] ^= 1; else msg = [1]; break;
                case 2: pk[rng.Next(32)] ^= (byte)(1 << rng.Next(8)); break;
                case 3: // S + l: the same value mod l, but non-canonical, so both must reject.
                    var s = new BigInteger(sig.AsSpan(32), isUnsigned: true) + L;
                    sig.AsSpan(32).Clear();
                    s.TryWriteBytes(sig.AsSpan(32), out _, isUnsigned: true);
                    break;
                case 4: rng.NextBytes(pk); break;
                case 5: pk[31] ^= 0x80; break; // the other x for the same y
            }
            var theirs = Theirs(pk, msg, sig);
            Assert.Equal(theirs, Ours(pk, msg, sig));
            if (!theirs) rejected++;
        }
        Assert.True(rejected > 250, $"only {rejected} of 300 mutations were rejected");
    }

    [Fact]
    public void NonCanonicalKeysAndSmallOrderPointsAgree()
    {
        var rng = new Random(3);
        var (_, msg, sig) = Valid(rng);
        byte[][] keys =
        [
            Convert.FromHexString("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), // y = p (non-canonical)
            Convert.FromHexString("0100000000000000000000000000000000000000000000000000000000000080"), // identity with sign bit
            Convert.FromHexString("0100000000000000000000000000000000000000000000000000000000000000"), // identity
            Convert.FromHexString("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), // order 2
        ];
        foreach (var pk in keys)
            Assert.Equal(Theirs(pk, msg, sig), Ours(pk, msg, sig));
        // Identity key, R = encoded identity, S = 0: [0]B − [k]·O = O, so the cofactorless equation
        // holds for any message; whatever BouncyCastle decides here, we must decide the same.
        var identity = keys[2];
        var forged = new byte[64];
        forged[0] = 1;
        Assert.Equal(Theirs(identity, msg, forged), Ours(identity, msg, forged));
    }
}
