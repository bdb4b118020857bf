using System.Text;
using OnionGroove.Control.Auth;
using OnionGroove.Control.Events;
using OnionGroove.Control.Protocol;

namespace OnionGroove.Control.Tests;

/// <summary>100 000 mutated control replies through the reader and the reply/event parsers: no
/// exception escapes, every read finishes synchronously on in-memory input (no hang), and no
/// reply larger than the limits is ever produced (bounded memory).</summary>
public sealed class ReplyMutationTests
{
    private static readonly string[] Seeds =
    [
        "250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE=\"/run/tor/control.authcookie\"\r\n250-VERSION Tor=\"0.4.9.11\"\r\n250 OK\r\n",
        "250 AUTHCHALLENGE SERVERHASH=0A0B0C0D0E0F0A0B0C0D0E0F0A0B0C0D0E0F0A0B0C0D0E0F0A0B0C0D0E0F0A0B SERVERNONCE=1111111111111111111111111111111111111111111111111111111111111111\r\n",
        "250-version=0.4.9.11\r\n250+config-text=\r\nControlPort 9051\r\n..hidden\r\n.\r\n250 OK\r\n",
        "250-ServiceID=abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx\r\n250-PrivateKey=ED25519-V3:AAAA\r\n250 OK\r\n",
        "650 HS_DESC UPLOADED abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx UNKNOWN $0123456789ABCDEF0123456789ABCDEF01234567~r1 dGVzdA HSDIR_INDEX=00FF REPLICA=1\r\n",
        "650+HS_DESC_CONTENT abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx dGVzdA $0123456789ABCDEF0123456789ABCDEF01234567\r\nhs-descriptor 3\r\ndescriptor-lifetime 180\r\nsignature x\r\n.\r\n650 OK\r\n",
        "650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done \\\"q\\\" \\101\"\r\n",
        "650-CONF_CHANGED\r\n650-ContactInfo=x\r\n650 OK\r\n",
        "552 Unrecognized key \"x\"\r\n",
    ];

    private static readonly byte[] Interesting = "\r\n.+- \"\\=0925"u8.ToArray();

    [Fact]
    public async Task Hundred_thousand_mutated_replies_never_crash_hang_or_exceed_limits()
    {
        var limits = new ControlLimits { MaxLineBytes = 2048, MaxReplyBytes = 16384, MaxReplyLines = 200 };
        var rng = new Random(20261123);
        var seeds = Seeds.Select(Encoding.UTF8.GetBytes).ToArray();
        int replies = 0, errors = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var input = Mutate(seeds[rng.Next(seeds.Length)], rng);
            var reader = new ControlReplyReader(new MemoryStream(input), limits);
            for (var guard = 0; guard < 10_000; guard++)
            {
                var pending = reader.ReadReplyAsync();
                Assert.True(pending.IsCompleted, "a read on in-memory input did not complete synchronously");
                var r = await pending;
                if (r.IsEndOfStream) break;
                if (r.Error is not null) { errors++; break; }
                replies++;
                var reply = r.Reply!;
                Assert.True(reply.Lines.Count <= limits.MaxReplyLines);
                Assert.True(reply.Lines.Sum(l => l.Text.Length + (l.Data?.Length ?? 0)) <= limits.MaxReplyBytes);
                if (reply.IsEvent) Assert.NotNull(TorEventParser.Parse(reply));
                _ = ProtocolInfo.Parse(reply).IsSuccess;
                foreach (var line in reply.Lines) _ = ReplyArguments.Parse(line.Text).IsSuccess;
            }
        }
        // Both outcomes must be common, or the mutations are too weak or too destructive.
        Assert.True(replies > 20_000 && errors > 20_000, $"replies {replies}, errors {errors}");
    }

    // Past MaxLineBytes / MaxReplyLines of the test's limits.
    private static readonly byte[] LongRun = Enumerable.Repeat((byte)'x', 5000).ToArray();
    private static readonly byte[] ManyLines = Enumerable.Repeat("250-a\r\n"u8.ToArray(), 300).SelectMany(b => b).ToArray();

    private static byte[] Mutate(byte[] seed, Random rng)
    {
        var data = new List<byte>(seed);
        var steps = rng.Next(1, 5);
        for (var s = 0; s < steps && data.Count > 0; s++)
        {
            var at = rng.Next(data.Count);
            switch (rng.Next(7))
            {
                case 0: data[at] = (byte)rng.Next(256); break;
                case 1: data.Insert(at, Interesting[rng.Next(Interesting.Length)]); break;
                case 2: data.RemoveRange(at, Math.Min(rng.Next(1, 16), data.Count - at)); break;
                case 3: data.RemoveRange(at, data.Count - at); break;
                case 4: // duplicate a slice
                    var len = Math.Min(rng.Next(1, 64), data.Count - at);
                    data.InsertRange(rng.Next(data.Count), data.GetRange(at, len));
                    break;
                case 5: // amplify: a long run with no line break, or many lines
                    data.InsertRange(at, rng.Next(2) == 0 ? LongRun.AsSpan(0, rng.Next(1000, LongRun.Length)).ToArray()
                        : ManyLines.AsSpan(0, 7 * rng.Next(10, 300)).ToArray());
                    break;
                case 6: data.Insert(at, (byte)'"'); break;
            }
        }
        return [.. data];
    }
}
