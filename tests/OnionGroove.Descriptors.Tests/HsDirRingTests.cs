using System.Security.Cryptography;
using System.Text;
using OnionGroove.Descriptors.Consensus;
using OnionGroove.Descriptors.HsDir;

namespace OnionGroove.Descriptors.Tests;

/// <summary>Onionbalance's 255-node hash-ring case, fed through our consensus and microdescriptor parsers.</summary>
public class HsDirRingTests
{
    private static readonly System.Text.Json.JsonElement V = Vectors.Json("time_periods_and_indexes.json").GetProperty("responsible_hsdirs_onionbalance");

    /// <summary>Writes a microdesc consensus and microdescriptors for nodes i = 1..255 (RSA id = [i]*20, ed25519 id = [i]*32).</summary>
    internal static (byte[] Consensus, byte[] Microdescs) SyntheticNetwork(DateTimeOffset validAfter, TimeSpan interval, byte[]? srvCur, byte[]? srvPrev,
        string extraParams = "")
    {
        var md = new StringBuilder();
        var cons = new StringBuilder();
        cons.Append("network-status-version 3 microdesc\nvote-status consensus\nconsensus-method 33\n");
        cons.Append($"valid-after {validAfter:yyyy-MM-dd HH:mm:ss}\nfresh-until {validAfter + interval:yyyy-MM-dd HH:mm:ss}\nvalid-until {validAfter + 3 * interval:yyyy-MM-dd HH:mm:ss}\n");
        cons.Append("voting-delay 300 300\nknown-flags Fast HSDir Running Stable V2Dir Valid\n");
        cons.Append("params CircuitPriorityHalflifeMsec=30000 ").Append(extraParams).Append('\n');
        if (srvPrev is not null) cons.Append("shared-rand-previous-value 9 ").Append(Convert.ToBase64String(srvPrev)).Append('\n');
        if (srvCur is not null) cons.Append("shared-rand-current-value 9 ").Append(Convert.ToBase64String(srvCur)).Append('\n');
        cons.Append("dir-source auth1 0000000000000000000000000000000000000000 127.0.0.1 127.0.0.1 7000 5000\n");
        for (int i = 1; i <= 255; i++)
        {
            var one = $"onion-key\n-----BEGIN RSA PUBLIC KEY-----\nMIGJAoGBAM{i:x2}\n-----END RSA PUBLIC KEY-----\nntor-onion-key {Convert.ToBase64String(Enumerable.Repeat((byte)i, 32).ToArray())}\nid ed25519 {Convert.ToBase64String(Enumerable.Repeat((byte)i, 32).ToArray()).TrimEnd('=')}\n";
            md.Append(one);
            var digest = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(one))).TrimEnd('=');
            cons.Append($"r relay{i} {Convert.ToBase64String(Enumerable.Repeat((byte)i, 20).ToArray()).TrimEnd('=')} 2038-01-01 00:00:00 127.0.0.{i % 250 + 1} 9001 0\n");
            cons.Append($"m {digest}\ns Fast HSDir Running Stable V2Dir Valid\nv Tor 0.4.9.1\npr Cons=1-2 Desc=1-2 DirCache=2 HSDir=2 HSIntro=4-5 Link=1-5 Relay=1-4\nw Bandwidth=100\n");
        }
        cons.Append("directory-footer\nbandwidth-weights Wbd=0\n");
        cons.Append("directory-signature 0000000000000000000000000000000000000000 0000000000000000000000000000000000000000\n-----BEGIN SIGNATURE-----\nAAAA\n-----END SIGNATURE-----\n");
        return (Encoding.ASCII.GetBytes(cons.ToString()), Encoding.ASCII.GetBytes(md.ToString()));
    }

    [Fact]
    public void Responsible_hsdirs_match_onionbalance()
    {
        var validAfter = DateTimeOffset.FromUnixTimeSeconds(V.GetProperty("valid_after_unix").GetInt64());
        var (consText, mdText) = SyntheticNetwork(validAfter, TimeSpan.FromHours(1), V.Hex("current_srv_hex"), V.Hex("previous_srv_hex"),
            $"hsdir_n_replicas={V.GetProperty("hsdir_n_replicas").GetInt32()} hsdir_spread_store={V.GetProperty("hsdir_spread_store").GetInt32()}");
        var consensus = MicrodescConsensus.Parse(consText);
        Assert.True(consensus.IsSuccess, consensus.Error?.ToString());
        var mds = Microdescriptor.ParseAll(mdText);
        Assert.True(mds.IsSuccess, mds.Error?.ToString());
        var nodes = HsDirNode.Join(consensus.Value, mds.Value);
        Assert.Equal(255, nodes.Count);
        var prms = HsDirParams.From(consensus.Value);
        var schedule = TimePeriodSchedule.FromConsensus(consensus.Value, testingNetwork: false);
        Assert.Equal(V.GetProperty("current_time_period_num").GetInt64(), schedule.PeriodAt(validAfter).Number);

        int checkedDescs = 0;
        foreach (var d in V.GetProperty("descriptors").EnumerateArray())
        {
            var (period, srv) = schedule.ForDescriptor(consensus.Value, d.GetProperty("is_first_descriptor").GetBoolean());
            Assert.Equal(d.GetProperty("time_period_num_used").GetInt64(), period.Number);
            Assert.Equal(d.Srv("srv_used_hex"), srv);
            var blinded = d.Blinded("blinded_public_key_hex");
            foreach (var hi in d.GetProperty("hs_index_hex").EnumerateObject())
                Assert.Equal(Convert.FromHexString(hi.Value.GetString()!), HsDirIndexes.HsIndex(blinded, int.Parse(hi.Name), period));
            foreach (var ex in d.GetProperty("hsdir_index_examples_hex").EnumerateObject())
                Assert.Equal(Convert.FromHexString(ex.Value.GetString()!),
                    HsDirIndexes.HsDirIndex(Enumerable.Repeat((byte)int.Parse(ex.Name["node_".Length..]), 32).ToArray(), srv, period));
            var ring = new HsDirRing(nodes, srv, period);
            var got = ring.Responsible(blinded, prms).Select(n => n.Fingerprint).ToArray();
            var want = d.GetProperty("responsible_hsdirs").EnumerateArray().Select(x => x.GetString()!).ToArray();
            Assert.Equal(want, got);
            checkedDescs++;
        }
        Assert.Equal(2, checkedDescs);
    }

    [Fact]
    public void Missing_srv_falls_back_to_the_disaster_srv()
    {
        var va = new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);
        var (consText, _) = SyntheticNetwork(va, TimeSpan.FromHours(1), null, null);
        var c = MicrodescConsensus.Parse(consText).Value;
        var s = TimePeriodSchedule.FromConsensus(c, false);
        var (tp, srv) = s.ForDescriptor(c, first: false);
        Assert.Equal(SharedRandom.Disaster(tp), srv);
        Assert.Equal(s.PeriodAt(va).Next, tp);
    }

    [Fact]
    public void Cached_microdescs_annotations_are_ignored()
    {
        var va = new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);
        var (consText, mdText) = SyntheticNetwork(va, TimeSpan.FromHours(1), null, null);
        var annotated = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(mdText).Replace("onion-key\n", "@last-listed 2026-11-23 00:00:00\nonion-key\n"));
        var mds = Microdescriptor.ParseAll(annotated);
        Assert.True(mds.IsSuccess, mds.Error?.ToString());
        Assert.Equal(255, HsDirNode.Join(MicrodescConsensus.Parse(consText).Value, mds.Value).Count);
    }

    [Fact]
    public void Consensus_errors_are_positioned()
    {
        var r = MicrodescConsensus.Parse("network-status-version 3 microdesc\nvalid-after 2026-13-01 00:00:00\n"u8);
        Assert.False(r.IsSuccess);
        Assert.Equal(2, r.Error!.Line);
        Assert.Contains("valid-after", r.Error.Message);
    }
}
