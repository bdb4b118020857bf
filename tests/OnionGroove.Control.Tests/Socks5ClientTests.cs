using System.Net;
using System.Net.Sockets;
using OnionGroove.Control.Socks;

namespace OnionGroove.Control.Tests;

/// <summary>The one SOCKS5 client against peers that are not tor: what goes on the wire, a peer that
/// is not a SOCKS port, tor's reply codes as text, and any reply bytes read without an exception.
/// Real tor answers it in the network tests (Balancer.Tests BundleEndToEndTests: descriptor not
/// found; Mesh.Tests MeshNetworkTests: client authorisation missing or refused).</summary>
public sealed class Socks5ClientTests
{
    /// <summary>A one-connection SOCKS peer on 127.0.0.1: reads the greeting, the username and the
    /// request as a client sends them, answering each with <paramref name="answer"/>'s bytes.</summary>
    private sealed class Peer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        public Task<byte[]> Received { get; }
        public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

        public Peer(Func<int, byte[]?> answer)
        {
            _listener.Start();
            Received = Task.Run(async () =>
            {
                using var client = await _listener.AcceptTcpClientAsync();
                var s = client.GetStream();
                var all = new List<byte>();
                var buf = new byte[512];
                for (var step = 0; step < 3; step++)
                {
                    var n = await s.ReadAsync(buf);
                    if (n == 0) break;
                    all.AddRange(buf[..n]);
                    if (answer(step) is not { } reply) break;
                    await s.WriteAsync(reply);
                }
                return all.ToArray();
            });
        }

        public void Dispose() => _listener.Stop();
    }

    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Sends_the_host_name_to_the_proxy_with_a_fresh_username_and_returns_the_stream()
    {
        using var peer = new Peer(step => step switch
        {
            0 => [5, 2],
            1 => [1, 0],
            _ => [5, 0, 0, 3, 4, (byte)'a', (byte)'b', (byte)'c', (byte)'d', 0, 80],
        });
        var r = await Socks5Client.ConnectAsync(peer.EndPoint, "example.onion", 8080, Quick, CancellationToken.None);
        Assert.True(r.IsSuccess, r.Error?.Message);
        await r.Value.DisposeAsync();
        var sent = await peer.Received;
        Assert.Equal(new byte[] { 5, 1, 2 }, sent[..3]);
        var userLength = sent[4];
        Assert.Equal(1, sent[3]);
        var request = sent[(3 + 2 + userLength + 2)..];
        // CONNECT, domain name (ATYP 3): nothing resolved here.
        Assert.Equal(new byte[] { 5, 1, 0, 3, 13 }, request[..5]);
        Assert.Equal("example.onion"u8.ToArray(), request[5..18]);
        Assert.Equal(new byte[] { 8080 >> 8, 8080 & 0xFF }, request[18..]);
    }

    [Fact]
    public async Task A_peer_that_refuses_username_authentication_is_not_tors_SOCKS_port()
    {
        using var peer = new Peer(_ => [5, 0xFF]);
        var r = await Socks5Client.ConnectAsync(peer.EndPoint, "x.onion", 80, Quick, CancellationToken.None);
        Assert.Contains("is not tor's SOCKS port", r.Error!.Message);
        Assert.Equal(0, r.Error.Code);
    }

    [Theory]
    [InlineData(0xF0, "onion service descriptor not found", false)]
    [InlineData(0xF4, "the onion service needs client authorisation and tor has no key for it", true)]
    [InlineData(0xF5, "the onion service refused our client key (revoked?)", true)]
    [InlineData(0x04, "host unreachable", false)]
    [InlineData(0x99, "SOCKS error 0x99", false)]
    public async Task Tors_refusal_comes_back_as_its_code_and_text(byte code, string text, bool clientAuth)
    {
        using var peer = new Peer(step => step switch { 0 => [5, 2], 1 => [1, 0], _ => [5, code, 0, 1, 0, 0, 0, 0, 0, 0] });
        var r = await Socks5Client.ConnectAsync(peer.EndPoint, "x.onion", 80, Quick, CancellationToken.None);
        Assert.Equal(code, r.Error!.Code);
        Assert.Equal(text, r.Error.Message);
        Assert.Equal(clientAuth, r.Error.IsClientAuth);
    }

    [Fact]
    public async Task Nothing_listening_and_a_silent_peer_are_failures_with_a_reason()
    {
        var free = new TcpListener(IPAddress.Loopback, 0);
        free.Start();
        var closed = (IPEndPoint)free.LocalEndpoint;
        free.Stop();
        var refused = await Socks5Client.ConnectAsync(closed, "x.onion", 80, Quick, CancellationToken.None);
        Assert.StartsWith($"tor's SOCKS port {closed}:", refused.Error!.Message);

        // Listening but never accepting: the kernel completes the connection, nobody answers.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var timedOut = await Socks5Client.ConnectAsync((IPEndPoint)silent.LocalEndpoint, "x.onion", 80, TimeSpan.FromMilliseconds(300), CancellationToken.None);
            Assert.Equal("no stream to x.onion:80 within 0.3 s", timedOut.Error!.Message);
        }
        finally { silent.Stop(); }
    }

    [Fact]
    public async Task Names_longer_than_SOCKS5_carries_are_refused_before_connecting()
    {
        var r = await Socks5Client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 9), new string('a', 256), 80, Quick, CancellationToken.None);
        Assert.Contains("1 to 255 characters", r.Error!.Message);
    }

    [Fact]
    public async Task Any_reply_bytes_give_a_stream_or_a_failure_never_an_exception()
    {
        var rng = new Random(TestSupport.Fuzz.Fuzzer.Seed(1928));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        for (var i = 0; i < 300; i++)
        {
            // Mostly well-formed up to the request's reply, so the fuzz reaches the reply parser.
            var reply = new byte[rng.Next(0, 24)];
            rng.NextBytes(reply);
            if (rng.Next(3) > 0) reply = [5, 2, 1, 0, 5, .. reply];
            // The peer says everything at once and hangs up: the client reads what it needs or meets the end.
            var peer = Task.Run(async () =>
            {
                using var c = await listener.AcceptTcpClientAsync();
                var s = c.GetStream();
                await s.WriteAsync(reply);
                c.Client.Shutdown(SocketShutdown.Send);
                var sink = new byte[512];
                try { while (await s.ReadAsync(sink) > 0) { } } catch (IOException) { }
            });
            var r = await Socks5Client.ConnectAsync(endpoint, "x.onion", 80, TimeSpan.FromSeconds(5), CancellationToken.None);
            if (r.IsSuccess) await r.Value.DisposeAsync();
            else Assert.False(string.IsNullOrWhiteSpace(r.Error!.Message), Convert.ToHexString(reply));
            await peer.WaitAsync(TimeSpan.FromSeconds(5));
        }
    }

    [Theory]
    [InlineData("\"127.0.0.1:9050\"", "127.0.0.1:9050")]
    [InlineData("\"unix:/run/tor/socks\" \"192.0.2.7:9050\" \"127.0.0.1:39001\"", "192.0.2.7:9050,127.0.0.1:39001")]
    [InlineData("\"[::1]:9150\"", "[::1]:9150")]
    [InlineData("", "")]
    [InlineData("\"127.0.0.1:0\"", "")]
    public void Tors_SOCKS_listeners_are_read_from_GETINFO_TCP_ones_only(string value, string expected) =>
        Assert.Equal(expected, string.Join(',', SocksListeners.Parse(value)));
}
