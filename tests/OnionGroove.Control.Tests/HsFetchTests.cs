using OnionGroove.TestSupport;
using OnionGroove.Control.Auth;
using OnionGroove.Control.HsFetch;
using OnionGroove.Crypto;

namespace OnionGroove.Control.Tests;

/// <summary>The typed descriptor fetch against scripted event sequences (what tor sends for a
/// found, missing or refused descriptor; control-spec §4.1.25–26), and against a real offline tor.</summary>
public sealed class HsFetchTests
{
    private const string Id = "paozpdhgz2okvc6kgbxvh2bnfsmt4xergrtcl4obkhopyvwxkpjzvoad";
    private const string Fp = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private const string OtherFp = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
    private static readonly OnionAddress Address = OnionAddress.Parse(Id);

    private static string Content(string hsDirFp, string body) =>
        $"650+HS_DESC_CONTENT {Id} descid ${hsDirFp}~relay\r\n{body}.\r\n650 OK\r\n";

    private static string Failed(string hsDirFp, string reason) =>
        $"650 HS_DESC FAILED {Id} NO_AUTH ${hsDirFp}~relay descid REASON={reason}\r\n";

    /// <summary>A fake tor that accepts authentication and SETEVENTS and answers HSFETCH with
    /// <paramref name="onFetch"/> (its reply plus any events).</summary>
    private static async Task<(FakeControlServer, TorController)> Start(Func<string, string> onFetch)
    {
        var server = new FakeControlServer(line => line switch
        {
            _ when line.StartsWith("PROTOCOLINFO") => "250-PROTOCOLINFO 1\r\n250-AUTH METHODS=NULL\r\n250 OK\r\n",
            _ when line.StartsWith("HSFETCH") => onFetch(line),
            _ => "250 OK\r\n",
        });
        return (server, await TorController.ConnectAsync(server.Endpoint, ControlAuth.None));
    }

    [Fact]
    public async Task The_descriptor_arrives_from_hs_desc_content()
    {
        var (server, tor) = await Start(_ => "250 OK\r\n" + Failed(OtherFp, "NOT_FOUND") + Content(Fp, "hs-descriptor 3\r\nx y\r\n"));
        await using var _ = server;
        await using var __ = tor;
        var fetched = await tor.FetchHsDescriptorAsync(Address, TimeSpan.FromSeconds(10));
        Assert.True(fetched.IsSuccess, fetched.ToString());
        Assert.Equal("hs-descriptor 3\nx y\n", fetched.Value);
        Assert.Contains("SETEVENTS HS_DESC HS_DESC_CONTENT", server.Received);
        Assert.Contains($"HSFETCH {Id}", server.Received);
    }

    [Fact]
    public async Task One_hsdir_at_a_time_answers_with_its_reason_or_its_descriptor()
    {
        // Tor reports a failure as FAILED, then an empty HS_DESC_CONTENT; the reason wins.
        var (server, tor) = await Start(line => "250 OK\r\n" + (line.Contains(Fp)
            ? Failed(Fp, "NOT_FOUND") + Content(Fp, "")
            : Content(OtherFp, "hs-descriptor 3\r\n")));
        await using var _ = server;
        await using var __ = tor;
        var answers = await tor.FetchHsDescriptorsAsync([new HsFetchRequest(Address, Fp.ToLowerInvariant()), new HsFetchRequest(Address, OtherFp)],
            TimeSpan.FromSeconds(10));
        Assert.Equal([Fp, OtherFp], answers.Select(a => a.Request.HsDir));
        Assert.Equal(new HsFetchError(HsFetchErrorKind.Failed, "NOT_FOUND"), answers[0].Descriptor.Error);
        Assert.Equal("hs-descriptor 3\n", answers[1].Descriptor.Value);
        Assert.Contains($"HSFETCH {Id} SERVER=${Fp}", server.Received);
    }

    [Fact]
    public async Task Without_an_hsdir_failures_wait_for_the_deadline_and_refusals_do_not()
    {
        var (server, tor) = await Start(_ => "250 OK\r\n" + Failed(Fp, "NOT_FOUND"));
        await using var _ = server;
        await using var __ = tor;
        var timedOut = await tor.FetchHsDescriptorAsync(Address, TimeSpan.FromMilliseconds(500));
        Assert.Equal(HsFetchErrorKind.TimedOut, timedOut.Error?.Kind);

        var (refusing, tor2) = await Start(_ => "552 Unknown router\r\n");
        await using var ___ = refusing;
        await using var ____ = tor2;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var refused = await tor2.FetchHsDescriptorAsync(Address, TimeSpan.FromSeconds(30));
        Assert.Equal(HsFetchErrorKind.Refused, refused.Error?.Kind);
        Assert.Contains("552 Unknown router", refused.Error!.Detail);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_connection_that_closes_ends_the_wait()
    {
        var hangUp = new TaskCompletionSource();
        var (server, tor) = await Start(_ => { hangUp.TrySetResult(); return "250 OK\r\n"; });
        await using var __ = tor;
        _ = hangUp.Task.ContinueWith(async _ => { await Task.Delay(100); await server.DisposeAsync(); });
        var closed = await tor.FetchHsDescriptorAsync(Address, TimeSpan.FromSeconds(30));
        Assert.Equal(HsFetchErrorKind.ConnectionClosed, closed.Error?.Kind);
        await server.DisposeAsync();
    }

    [Fact]
    public void A_request_names_an_hsdir_by_its_fingerprint_only()
    {
        Assert.Throws<ArgumentException>(() => new HsFetchRequest(Address, "relay-nickname"));
        Assert.Throws<ArgumentException>(() => new HsFetchRequest(Address, Fp + " SERVER=x"));
    }

    [Trait(TestCategory.Name, TestCategory.Network)]
    [Fact]
    public async Task An_offline_tor_gives_a_typed_answer_not_a_hang()
    {
        await using var tor = await StandaloneTor.StartAsync();
        await using var c = await tor.Tor.ConnectAsync();
        var fetched = await c.FetchHsDescriptorAsync(Address, TimeSpan.FromSeconds(3));
        Assert.False(fetched.IsSuccess);
        Assert.Contains(fetched.Error.Kind, new[] { HsFetchErrorKind.TimedOut, HsFetchErrorKind.Refused });
    }
}
