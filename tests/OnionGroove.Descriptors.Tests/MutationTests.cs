using OnionGroove.Descriptors.Consensus;
using OnionGroove.Descriptors.FirstLayer;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.SecondLayer;

namespace OnionGroove.Descriptors.Tests;

/// <summary>100 000 mutated inputs (bit flips, truncation, line duplication/deletion/swap, junk) through every parser:
/// 35 000 outer + 20 000 first-layer + 25 000 second-layer + 1 500 full decodes + 18 500 consensus/microdescriptor inputs;
/// each must end in a value or a DescriptorError — never an exception — with bounded allocation per input.</summary>
public class MutationTests
{
    private const long MaxAllocationPerInput = 16 * 1024 * 1024;

    private static byte[] Mutate(byte[] input, Random rng)
    {
        var lines = new List<byte[]>();
        switch (rng.Next(7))
        {
            case 0: case 1:
            {
                var b = (byte[])input.Clone();
                for (int i = rng.Next(1, 4); i > 0; i--) b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
                return b;
            }
            case 2:
                return input[..rng.Next(input.Length)];
            default:
            {
                int start = 0;
                for (int i = 0; i < input.Length; i++)
                    if (input[i] == '\n') { lines.Add(input[start..(i + 1)]); start = i + 1; }
                if (start < input.Length) lines.Add(input[start..]);
                if (lines.Count == 0) return input;
                int k = rng.Next(lines.Count);
                switch (rng.Next(4))
                {
                    case 0: lines.Insert(k, lines[k]); break;                       // duplicate a line
                    case 1: lines.RemoveAt(k); break;                                // delete a line
                    case 2: (lines[k], lines[^1]) = (lines[^1], lines[k]); break;    // move a line
                    default:                                                          // junk into a line
                        var junk = new byte[rng.Next(1, 40)]; rng.NextBytes(junk);
                        lines.Insert(k, junk); break;
                }
                var ms = new MemoryStream(input.Length + 64);
                foreach (var l in lines) ms.Write(l);
                return ms.ToArray();
            }
        }
    }

    private static void Run(byte[] seed, int count, int rngSeed, Action<byte[]> parse)
    {
        var rng = new Random(rngSeed);
        for (int i = 0; i < count; i++)
        {
            var m = Mutate(seed, rng);
            long before = GC.GetAllocatedBytesForCurrentThread();
            parse(m);
            long used = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(used < MaxAllocationPerInput, $"input {i} ({m.Length} bytes) allocated {used} bytes");
        }
    }

    [Fact]
    public void Outer_documents()
    {
        var stem = Vectors.DescriptorFile(Vectors.Descriptor("stem/hidden_service_v3"), "descriptor");
        var arti = Vectors.DescriptorFile(Vectors.Descriptor("arti/hsdesc2.txt"), "descriptor");
        Run(stem, 20_000, 1, m => _ = OuterLayerDocument.Parse(m).IsSuccess);
        Run(arti, 15_000, 2, m => _ = OuterLayerDocument.Parse(m).IsSuccess);
    }

    [Fact]
    public void First_layers()
    {
        var l1 = Vectors.DescriptorFile(Vectors.Descriptor("arti/hsdesc2.txt"), "first_layer_plaintext");
        Run(l1, 20_000, 3, m => _ = FirstLayerDocument.Parse(m).IsSuccess);
    }

    [Fact]
    public void Second_layers()
    {
        var v = Vectors.Descriptor("arti/hsdesc1.txt");
        var l2 = Vectors.DescriptorFile(v, "second_layer_plaintext");
        var signingKey = v.Hex("descriptor_signing_key");
        Run(l2, 15_000, 4, m => _ = SecondLayerDocument.Parse(m, null).IsSuccess);
        // With certificate checks (slower: signatures), fewer rounds.
        Run(l2, 2_000, 5, m => _ = SecondLayerDocument.Parse(m, signingKey).IsSuccess);
        Run(Vectors.DescriptorFile(Vectors.Descriptor("arti/hsdesc-inner-pow-v1.txt"), "inner_layer_only"), 8_000, 6, m => _ = SecondLayerDocument.Parse(m, null).IsSuccess);
    }

    [Fact]
    public void Full_decode_and_consensus()
    {
        var v = Vectors.Descriptor("arti/hsdesc1.txt");
        var doc = Vectors.DescriptorFile(v, "descriptor");
        var blinded = v.Blinded("blinded_public_key");
        var sub = v.Subcredential("subcredential");
        int ok = 0;
        Run(doc, 1_500, 7, m => { if (HsDescriptorDecoder.Decode(m, blinded, sub).IsSuccess) ok++; });
        // Some mutations are harmless (e.g. a duplicated unknown line is impossible here, but a flip inside padding-free
        // base64 always breaks the MAC or signature); the point is: no exceptions. Most must fail.
        Assert.True(ok < 1_500);

        var (cons, mds) = HsDirRingTests.SyntheticNetwork(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1),
            new byte[32], new byte[32]);
        var small = cons[..Math.Min(cons.Length, 6000)];
        Run(small, 15_000, 8, m => _ = MicrodescConsensus.Parse(m).IsSuccess);
        Run(mds[..3000], 3_500, 9, m => _ = Microdescriptor.ParseAll(m).IsSuccess);
    }
}
