using System.Numerics;
using OnionGroove.Crypto.Curve;
using OnionGroove.Crypto.Vanity;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Tests;

public class VanitySearchTests
{
    private static byte[] Scalar(IdentitySecretKey key)
    {
        var expanded = new byte[64];
        key.ExportExpanded(expanded);
        return expanded[..32];
    }

    /// <summary>Both constant-time base-point multiplications the search relies on (the table for
    /// each start, double-and-add to confirm a hit) against the independent reference curve.</summary>
    [Fact]
    public void Base_point_multiples_match_the_reference_curve()
    {
        var rng = new Random(1);
        var scalar = new byte[32];
        for (var i = 0; i < 4; i++)
        {
            rng.NextBytes(scalar);
            if (i == 0) Array.Clear(scalar);
            if (i == 1) { Array.Clear(scalar); scalar[0] = 1; }
            var viaTable = new byte[32];
            var viaLadder = new byte[32];
            EdwardsPoint.MulBase(scalar).Encode(viaTable);
            EdwardsPoint.MulDoubleAndAdd(EdwardsPoint.Base, scalar).Encode(viaLadder);
            Assert.Equal(VanityReferenceCurve.PublicKeyOf(scalar), viaTable);
            Assert.Equal(VanityReferenceCurve.PublicKeyOf(scalar), viaLadder);
        }
    }

    [Fact]
    public void Base_point_multiple_matches_RFC8032_test_1()
    {
        // RFC 8032 §7.1 TEST 1: the secret key's clamped SHA-512 half and its public key.
        var seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        var h = System.Security.Cryptography.SHA512.HashData(seed)[..32];
        h[0] &= 248; h[31] &= 127; h[31] |= 64;
        var pub = new byte[32];
        EdwardsPoint.MulDoubleAndAdd(EdwardsPoint.Base, h).Encode(pub);
        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexStringLower(pub));
    }

    /// <summary>One batch from a known start, for both workers (scalar, and eight-lane AVX-512 where
    /// this processor has it): the set of candidates the fast path reports is exactly the set whose
    /// reference public key starts with a prefix (nothing missed, nothing invented).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_batch_reports_exactly_the_matching_candidates(bool lanes)
    {
        if (lanes && !FieldElement8.IsSupported) return; // the scalar case still runs
        const int batch = 256;
        var table = VanityTable.For(batch);
        var start = new byte[32];
        new Random(42).NextBytes(start);
        start[0] &= 248; start[31] &= 127; start[31] |= 64;
        var prefixes = new VanityPrefixSet([VanityPrefix.Parse("q").Value, VanityPrefix.Parse("7").Value]);

        var reported = new List<(BigInteger Scalar, string Prefix)>();
        void OnHit(ReadOnlySpan<byte> s, VanityPrefix p) => reported.Add((new BigInteger(s, isUnsigned: true), p.Text));
        int perBatch;
        using (IVanityWorker worker = lanes ? new VanityLaneWorker(table, prefixes, OnHit, start) : new VanityWorker(table, prefixes, OnHit, start))
        {
            perBatch = worker.RunBatch();
            // The centre and batch/2 - 1 on either side, once per lane.
            Assert.Equal((batch - 1) * (lanes ? FieldElement8.Lanes : 1), perBatch);
            Assert.Equal(perBatch, worker.RunBatch()); // the second batch starts from the advanced centre(s)
        }

        var s0 = new BigInteger(start, isUnsigned: true);
        var point = VanityReferenceCurve.Multiply(s0, VanityReferenceCurve.Base);
        var step = VanityReferenceCurve.Multiply(8, VanityReferenceCurve.Base);
        var expected = new List<(BigInteger, string)>();
        for (var n = 0; n < 2 * perBatch; n++)
        {
            var address = Encoding.Base32.Encode(VanityReferenceCurve.Encode(point));
            foreach (var p in prefixes.Prefixes)
                if (address.StartsWith(p.Text, StringComparison.Ordinal)) expected.Add((s0 + 8 * n, p.Text));
            point = VanityReferenceCurve.Add(point, step);
        }
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(e => e.Item1).ToList(), reported.OrderBy(e => e.Scalar).ToList());
    }

    [Fact]
    public void Found_keys_match_their_prefix_and_their_public_key_is_correct()
    {
        var found = new List<VanityMatch>();
        var result = VanitySearch.Run(new VanityOptions
        {
            Prefixes = [VanityPrefix.Parse("ab").Value, VanityPrefix.Parse("Z7").Value],
            Count = 4,
            Threads = 2,
            BatchSize = 256,
            OnMatch = found.Add,
        });
        Assert.False(result.Cancelled);
        Assert.Equal(4, result.Matches.Count);
        Assert.Equal(result.Matches, found);
        Assert.True(result.Candidates > 0);
        foreach (var m in result.Matches)
        {
            using var key = m.Key;
            var address = key.Address.ServiceId;
            Assert.True(address.StartsWith(m.Prefix.Text, StringComparison.Ordinal), address);
            Assert.Contains(m.Prefix.Text, new[] { "ab", "z7" });
            var scalar = Scalar(key);
            // Clamped form: multiple of 8, bit 254 set, bit 255 clear.
            Assert.Equal(0, scalar[0] & 7);
            Assert.Equal(0x40, scalar[31] & 0xC0);
            Assert.Equal(VanityReferenceCurve.PublicKeyOf(scalar), key.PublicKey.AsSpan().ToArray());
            var sig = key.Sign("vanity"u8);
            Assert.True(Ed25519.Verify(key.PublicKey.AsSpan(), "vanity"u8, sig));
        }
    }

    [Fact]
    public void Cancellation_returns_promptly_with_what_was_found()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var reports = new List<VanityProgress>();
        var progress = new SyncProgress(reports.Add);
        var result = VanitySearch.Run(new VanityOptions
        {
            Prefixes = [VanityPrefix.Parse("zzzzzzzzzzzz").Value],
            Threads = 1,
            ProgressInterval = TimeSpan.FromMilliseconds(50),
        }, progress, cts.Token);
        Assert.True(result.Cancelled);
        Assert.Empty(result.Matches);
        Assert.True(result.Candidates > 0);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(10));
        Assert.NotEmpty(reports);
        Assert.Equal(result.Candidates, reports[^1].Candidates);
    }

    [Fact]
    public void Benchmark_counts_candidates()
    {
        var r = VanitySearch.Benchmark(TimeSpan.FromMilliseconds(300), threads: 1);
        Assert.True(r.Candidates > 0);
        Assert.True(r.Rate > 0);
        Assert.Empty(r.Matches);
    }

    private sealed class SyncProgress(Action<VanityProgress> report) : IProgress<VanityProgress>
    {
        public void Report(VanityProgress value) { lock (this) report(value); }
    }
}
