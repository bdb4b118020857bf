using OnionGroove.Control.Auth;
using OnionGroove.Control.Events;
using OnionGroove.Control.Protocol;

namespace OnionGroove.Control.Tests;

/// <summary>Malformed and hostile peers: errors, never crashes or hangs.</summary>
public sealed class FakeServerTests
{
    private static readonly ControlLimits Small = new() { MaxLineBytes = 1024, MaxReplyBytes = 8192, CommandTimeout = TimeSpan.FromSeconds(2) };

    private static async Task<(FakeControlServer, TorControlConnection)> Start(Func<string, string?> script, ControlLimits? limits = null)
    {
        var server = new FakeControlServer(script);
        var conn = await TorControlConnection.ConnectAsync(server.Endpoint, limits ?? Small);
        return (server, conn);
    }

    [Theory]
    [InlineData("garbage\r\n", "no 3-digit status code")]
    [InlineData("25 OK\r\n", "no 3-digit status code")]
    [InlineData("250*OK\r\n", "separator")]
    [InlineData("250-first\r\n", "closed in the middle of a reply")]
    [InlineData("250+data\r\nline\r\n", "closed inside a data block")]
    [InlineData("250 partial line without newline", "closed in the middle of a line")]
    public async Task Malformed_reply_fails_the_command_and_closes_the_connection(string answer, string expected)
    {
        var (server, conn) = await Start(_ => answer);
        await using var _ = server;
        await using var __ = conn;
        var sendAnswerThenClose = server.SendAsync("").ContinueWith(async _ => { await Task.Delay(200); await server.DisposeAsync(); });
        var e = await Assert.ThrowsAsync<ControlProtocolException>(() => conn.SendAsync("GETINFO version"));
        Assert.Contains(expected, e.Message);
        Assert.IsType<ControlProtocolException>(await conn.Closed.WaitAsync(TimeSpan.FromSeconds(5)));
        await Assert.ThrowsAsync<ControlProtocolException>(() => conn.SendAsync("GETINFO version"));
    }

    [Fact]
    public async Task Overlong_line_and_oversized_reply_are_refused()
    {
        var (server, conn) = await Start(_ => "250 " + new string('x', 5000) + "\r\n");
        await using (server) await using (conn)
        {
            var e = await Assert.ThrowsAsync<ControlProtocolException>(() => conn.SendAsync("GETINFO version"));
            Assert.Contains("line longer than 1024", e.Message);
        }
        var many = string.Concat(Enumerable.Repeat("250-" + new string('y', 500) + "\r\n", 100)) + "250 OK\r\n";
        (server, conn) = await Start(_ => many);
        await using (server) await using (conn)
        {
            var e = await Assert.ThrowsAsync<ControlProtocolException>(() => conn.SendAsync("GETINFO version"));
            Assert.Contains("reply larger than 8192", e.Message);
        }
    }

    [Fact]
    public async Task Silent_peer_times_out_instead_of_hanging()
    {
        var (server, conn) = await Start(_ => null, Small with { CommandTimeout = TimeSpan.FromMilliseconds(300) });
        await using var _ = server;
        await using var __ = conn;
        var e = await Assert.ThrowsAsync<ControlProtocolException>(() => conn.SendAsync("GETINFO version"));
        Assert.Contains("no reply to GETINFO", e.Message);
        Assert.False(conn.IsOpen);
    }

    [Fact]
    public async Task Error_status_is_typed_and_the_connection_stays_usable()
    {
        var (server, conn) = await Start(line => line.StartsWith("GETINFO bad") ? "552 Unrecognized key \"bad\"\r\n" : "250-version=9.9\r\n250 OK\r\n");
        await using var _ = server;
        await using var __ = conn;
        var e = await Assert.ThrowsAsync<ControlCommandException>(() => conn.ExecuteAsync("GETINFO bad"));
        Assert.Equal(552, e.Status);
        Assert.Equal("GETINFO", e.Command);
        Assert.Equal("Unrecognized key \"bad\"", e.ReplyText);
        var ok = await conn.ExecuteAsync("GETINFO version");
        Assert.Equal("version=9.9", ok.Lines[0].Text);
    }

    [Fact]
    public async Task Events_before_and_inside_replies_are_routed_to_subscribers_and_replies_to_commands()
    {
        const string hsdesc = "650 HS_DESC RECEIVED abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx NO_AUTH $0123456789ABCDEF0123456789ABCDEF01234567~relay1 dGVzdA HSDIR_INDEX=00FF\r\n";
        const string content = "650+HS_DESC_CONTENT abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx dGVzdA $0123456789ABCDEF0123456789ABCDEF01234567~relay1\r\nhs-descriptor 3\r\n..dotted\r\nsignature x\r\n.\r\n650 OK\r\n";
        var (s, c) = await Start(line => line == "GETINFO a" ? hsdesc + "250-a=1\r\n250 OK\r\n" + content : null);
        await using var s_ = s;
        await using var c_ = c;
        using var events = c.SubscribeEvents();
        var reply = await c.ExecuteAsync("GETINFO a");
        Assert.Equal("a=1", reply.Lines[0].Text);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var d = Assert.IsType<HsDescEvent>(await events.Reader.ReadAsync(cts.Token));
        Assert.Equal(HsDescAction.Received, d.Action);
        Assert.Equal("abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx", d.Address);
        Assert.Equal("NO_AUTH", d.AuthType);
        Assert.Equal("0123456789ABCDEF0123456789ABCDEF01234567", d.HsDirFingerprint);
        Assert.Equal("dGVzdA", d.DescriptorId);
        Assert.Equal("00FF", d.HsDirIndex);
        var hc = Assert.IsType<HsDescContentEvent>(await events.Reader.ReadAsync(cts.Token));
        Assert.Equal("hs-descriptor 3\n.dotted\nsignature x\n", hc.Descriptor);
        Assert.Equal("dGVzdA", hc.DescriptorId);
    }

    [Fact]
    public async Task Reply_with_no_command_waiting_closes_the_connection()
    {
        var (server, conn) = await Start(_ => null);
        await using var _ = server;
        await using var __ = conn;
        await server.SendAsync("250 OK\r\n");
        var reason = await conn.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Contains("no command waiting", reason!.Message);
    }

    [Fact]
    public async Task SafeCookie_with_a_wrong_server_hash_never_sends_AUTHENTICATE()
    {
        using var dir = new TestSupport.TempDir();
        var cookie = dir["cookie"];
        await File.WriteAllBytesAsync(cookie, new byte[32]);
        var (server, conn) = await Start(line => line switch
        {
            _ when line.StartsWith("PROTOCOLINFO") =>
                $"250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE=\"{cookie.Replace("\\", "\\\\")}\"\r\n250-VERSION Tor=\"0.4.9.11\"\r\n250 OK\r\n",
            _ when line.StartsWith("AUTHCHALLENGE") =>
                $"250 AUTHCHALLENGE SERVERHASH={new string('0', 64)} SERVERNONCE={new string('1', 64)}\r\n",
            _ => "250 OK\r\n",
        });
        await using var _ = server;
        await using var __ = conn;
        var e = await Assert.ThrowsAsync<ControlAuthenticationException>(() => TorController.AuthenticateAsync(conn, ControlAuth.Auto()));
        Assert.Contains("server hash", e.Message);
        lock (server.Received) Assert.DoesNotContain(server.Received, l => l.StartsWith("AUTHENTICATE"));
    }

    [Fact]
    public async Task Command_injection_through_arguments_is_rejected_before_sending()
    {
        var (server, conn) = await Start(line => line.StartsWith("PROTOCOLINFO")
            ? "250-PROTOCOLINFO 1\r\n250-AUTH METHODS=NULL\r\n250 OK\r\n" : "250 OK\r\n");
        await using var _ = server;
        await using var c = await TorController.AuthenticateAsync(conn, ControlAuth.Auto());
        await Assert.ThrowsAsync<ArgumentException>(() => conn.SendAsync("GETINFO version\r\nSIGNAL HALT"));
        await Assert.ThrowsAsync<ArgumentException>(() => c.GetInfoAsync("version SIGNAL"));
        await Assert.ThrowsAsync<ArgumentException>(() => c.SetConfAsync("ContactInfo", "x\r\nSIGNAL HALT"));
        await Assert.ThrowsAsync<ArgumentException>(() => c.DelOnionAsync("abc\nSIGNAL HALT"));
        await Assert.ThrowsAsync<ArgumentException>(() => c.HsFetchAsync(new string('a', 56), ["x SIGNAL"]));
        await c.SetConfAsync("ContactInfo", "fine");
        lock (server.Received)
        {
            Assert.DoesNotContain(server.Received, l => l.Contains("SIGNAL"));
            Assert.Contains("SETCONF ContactInfo=\"fine\"", server.Received);
        }
    }
}
