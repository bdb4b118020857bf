using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OnionGroove.Cli;
using OnionGroove.Control.Socks;
using OnionGroove.Core;
using OnionGroove.Mesh.Agent;
using OnionGroove.Mesh.Node;
using OnionGroove.Mesh.Tor;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;
using Xunit.Abstractions;

namespace OnionGroove.Mesh.Tests;

/// <summary>One private Tor network shared by the class.</summary>
public sealed class MeshNetworkFixture : IAsyncLifetime
{
    public PrivateTorNetwork Network { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Network = await PrivateTorNetwork.StartAsync(new TorNetworkOptions
        {
            Authorities = 3, Relays = 5, KeepDirectory = Environment.GetEnvironmentVariable("OG_KEEP_TESTNET") == "1",
        });

    public async Task DisposeAsync()
    {
        if (Network is not null) await Network.DisposeAsync();
    }
}

/// <summary>Two mesh nodes on the private Tor network, with real tor end to end: node A attaches
/// to a tor of the network and exports a loopback echo service to authorised clients; node B
/// launches its own tor. B is refused with tor's own client-auth error before it has a key; with
/// A's token added live it reaches the service through an import and through `mesh connect`;
/// `client remove` on A, applied by the running agent on the same tor, cuts B off again; B
/// survives its tor being killed.</summary>
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class MeshNetworkTests(MeshNetworkFixture fixture, ITestOutputHelper output) : IClassFixture<MeshNetworkFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Two_nodes_reach_each_other_only_with_a_token_and_changes_apply_live()
    {
        var clock = Stopwatch.StartNew();
        using var dir = new TempDir("ogm");
        await using var echo = EchoServer.Start();
        var net = fixture.Network;
        var torA = await net.StartTorAsync([], name: "meshA", socks: false);
        var logA = new AgentLog("A", output);
        var logB = new AgentLog("B", output);

        // Node A: attach to torA, export the echo service on port 7000.
        var a = dir["a"];
        Assert.Equal(0, await Cli("mesh", "init", a, "--control", torA.ControlEndpoint.ToString(), "--cookie-file", torA.CookiePath));
        Assert.Equal(0, await Cli("mesh", "--dir", a, "export", "add", "7000", "--target", $"127.0.0.1:{echo.Port}"));
        var (rc, token) = await CliOut("mesh", "--dir", a, "client", "add", "b");
        Assert.Equal(0, rc);
        token = token.Trim();
        // A second client, so that revoking b leaves a service to publish (with no client at all
        // the agent publishes nothing).
        Assert.Equal(0, (await CliOut("mesh", "--dir", a, "client", "add", "c")).Item1);
        var addressA = MeshNode.Open(a).Value.Config.Address;
        var agentA = MeshAgent.Start(a, logA.Write, new MeshAgentOptions { ConfigPollInterval = TimeSpan.FromMilliseconds(300) }).Value;
        try
        {
            // Node B: launches its own tor on the test network; no remotes yet.
            var b = dir["b"];
            var initArgs = new List<string> { "mesh", "init", b };
            foreach (var line in net.TorrcNetworkLines) { initArgs.Add("--torrc"); initArgs.Add(line); }
            Assert.Equal(0, await Cli([.. initArgs]));
            await using var agentB = MeshAgent.Start(b, logB.Write, new MeshAgentOptions { ConfigPollInterval = TimeSpan.FromMilliseconds(300) }).Value;
            var torPidB = await Eventually.ValueAsync(() => agentB.TorPid, p => p is not null, "node B's tor to start", Within);
            var socksB = await Eventually.ValueAsync(ct => SocksOf(b, ct), s => s is not null, "node B's tor to have a SOCKS port", Within);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0}s: nodes up, A={addressA}");

            // Without a key, tor itself says the service needs client authorisation (0xF4).
            var refused = await Eventually.ValueAsync(ct => TryConnect(socksB!, addressA.ToString(), 7000, ct),
                f => f is { IsClientAuth: true }, "node B's tor to report missing client authorisation for A", Within,
                every: TimeSpan.FromSeconds(2), describe: f => f?.Message ?? "connected");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0}s: without a token: {refused!.Message}");

            // The token and an import, added while B's agent runs.
            var importPort = LoopbackPorts.Next();
            Assert.Equal(0, await Cli("mesh", "--dir", b, "remote", "add", "a", token));
            Assert.Equal(0, await Cli("mesh", "--dir", b, "import", "add", "a", "7000", $"127.0.0.1:{importPort}"));
            await Eventually.ValueAsync(ct => EchoesAsync(new IPEndPoint(IPAddress.Loopback, importPort), ct), ok => ok,
                "an echo through node B's import of A:7000", Within, every: TimeSpan.FromSeconds(2));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0}s: import forwards");

            // `mesh connect` (ssh's ProxyCommand) opens the same stream.
            var viaConnect = await MeshConnect.OpenAsync(MeshNode.Open(b).Value, "a", 7000, TimeSpan.FromSeconds(60), CancellationToken.None);
            Assert.True(viaConnect.IsSuccess, viaConnect.Error?.Message);
            await using (var s = viaConnect.Value) Assert.True(await EchoOnceAsync(s, "proxy-command", CancellationToken.None));

            // The ProxyCommand of `remote ssh-config`, run by /bin/sh as ssh runs it, carries a byte stream.
            var (sshRc, stanza) = await CliOut("mesh", "--dir", b, "remote", "ssh-config", "a", "--port", "7000");
            Assert.Equal(0, sshRc);
            var proxy = stanza.Split('\n').Single(l => l.TrimStart().StartsWith("ProxyCommand ", StringComparison.Ordinal)).Trim()["ProxyCommand ".Length..].Replace("%p", "7000");
            Assert.True(await ProxyCommandEchoesAsync(proxy), "the ProxyCommand did not carry the echo");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0}s: ssh-config ProxyCommand works");

            // B's tor dies: the agent starts it again, reconnects and re-applies the remote and import.
            Process.GetProcessById(torPidB!.Value).Kill();
            torPidB = await Eventually.ValueAsync(() => agentB.TorPid, p => p is not null && p != torPidB, "node B's tor to be started again", Within);
            await Eventually.TrueAsync(() => agentB.Connections >= 2, "node B's agent to reconnect to its new tor", Within);
            socksB = await Eventually.ValueAsync(ct => SocksOf(b, ct), s => s is not null, "node B's new tor to bootstrap", Within);
            await Eventually.ValueAsync(ct => EchoesAsync(new IPEndPoint(IPAddress.Loopback, importPort), ct), ok => ok,
                "an echo through the import after node B's tor restarted", Within, every: TimeSpan.FromSeconds(2));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0}s: B survived its tor's restart");

            // Revoke B on A: the running agent re-publishes without B on the same tor.
            using var held = new TcpClient();
            await held.ConnectAsync(IPAddress.Loopback, importPort);
            var heldStream = held.GetStream();
            Assert.True(await EchoOnceAsync(heldStream, "before-revoke", CancellationToken.None));
            var appliedBefore = agentA.Applications;
            Assert.Equal(0, await Cli("mesh", "--dir", a, "client", "remove", "b"));
            await Eventually.TrueAsync(() => agentA.Applications > appliedBefore, "node A's agent to apply the revocation", Within);
            Assert.False(torA.HasExited);
            Assert.Equal(1, agentA.Connections); // the same tor and control connection throughout
            // The open stream is cut: its circuit went with the old service.
            Assert.False(await EchoOnceAsync(heldStream, "after-revoke", new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token));
            var revoked = await Eventually.ValueAsync(ct => TryConnect(socksB!, addressA.ToString(), 7000, ct),
                f => f is { IsClientAuth: true }, "node B's tor to be refused by A after the revocation", Within,
                every: TimeSpan.FromSeconds(2), describe: f => f?.Message ?? "connected");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0}s: revoked live: {revoked!.Message}");
            Assert.Equal(torPidB, agentB.TorPid);

            // The address is the node's key: an agent restart publishes the same one.
            await agentA.DisposeAsync();
            agentA = MeshAgent.Start(a, logA.Write).Value;
            var again = await Eventually.ValueAsync(() => agentA.PublishedServiceId, id => id is not null, "node A's restarted agent to publish", Within);
            Assert.Equal(addressA.ServiceId, again);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0}s: done");
        }
        finally { await agentA.DisposeAsync(); }
    }

    /// <summary>Runs <paramref name="command"/> with sh, sends a line on its stdin and expects it
    /// back on stdout; then closes stdin and expects the command to end by itself with 0.</summary>
    private async Task<bool> ProxyCommandEchoesAsync(string command)
    {
        var psi = new ProcessStartInfo("/bin/sh", ["-c", command])
            { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await p.StandardInput.WriteAsync("through-proxy-command\n");
            await p.StandardInput.FlushAsync();
            var line = await p.StandardOutput.ReadLineAsync(deadline.Token);
            p.StandardInput.Close();
            await p.WaitForExitAsync(deadline.Token);
            output.WriteLine($"ProxyCommand exited {p.ExitCode}: {await err}");
            return line == "through-proxy-command" && p.ExitCode == 0;
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            output.WriteLine($"ProxyCommand timed out: {await err}");
            return false;
        }
    }

    private static async Task<SocksFailure?> TryConnect(IPEndPoint socks, string host, int port, CancellationToken ct)
    {
        Result<Stream, SocksFailure> r;
        try { r = await TorSocks.ConnectAsync(socks, host, port, TimeSpan.FromSeconds(30), ct); }
        catch (OperationCanceledException) { return new SocksFailure(0, "the wait ended"); }
        if (r.TryGet(out var s, out var failure)) { await s.DisposeAsync(); return null; }
        return failure;
    }

    private static async Task<IPEndPoint?> SocksOf(string node, CancellationToken ct)
    {
        var access = MeshTorAccess.For(MeshNode.Open(node).Value);
        try
        {
            await using var tor = await Control.TorController.ConnectAsync(access.Endpoint, access.Auth, ct: ct);
            var phase = await tor.GetInfoAsync("status/bootstrap-phase", ct);
            if (!phase.Contains("PROGRESS=100", StringComparison.Ordinal)) return null;
            return (await TorSocksListener.FindAsync(tor, ct)).ValueOrDefault;
        }
        catch (Exception e) when (e is IOException or SocketException or Control.Protocol.ControlProtocolException) { return null; }
    }

    private static async Task<bool> EchoesAsync(IPEndPoint ep, CancellationToken ct)
    {
        using var c = new TcpClient();
        try
        {
            await c.ConnectAsync(ep, ct);
            using var quick = CancellationTokenSource.CreateLinkedTokenSource(ct);
            quick.CancelAfter(TimeSpan.FromSeconds(60));
            return await EchoOnceAsync(c.GetStream(), "hello", quick.Token);
        }
        catch (SocketException) { return false; }
    }

    /// <summary>Sends a line and reads it back; false when the stream ends or breaks first.</summary>
    private static async Task<bool> EchoOnceAsync(Stream s, string text, CancellationToken ct)
    {
        var sent = Encoding.ASCII.GetBytes(text + "\n");
        try
        {
            await s.WriteAsync(sent, ct);
            var got = new byte[sent.Length];
            var n = 0;
            while (n < got.Length)
            {
                var r = await s.ReadAsync(got.AsMemory(n), ct);
                if (r == 0) return false;
                n += r;
            }
            return got.AsSpan().SequenceEqual(sent);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { return false; }
    }

    private async Task<int> Cli(params string[] args)
    {
        var (rc, o) = await CliOut(args);
        return rc;
    }

    private async Task<(int, string)> CliOut(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var rc = await CliApp.RunAsync(args, o, e);
        output.WriteLine($"$ oniongroove {string.Join(' ', args.Select(x => x.StartsWith("oniongroove-mesh1", StringComparison.Ordinal) ? "TOKEN" : x))} -> {rc}\n{e}");
        return (rc, o.ToString());
    }

    private sealed class AgentLog(string name, ITestOutputHelper output)
    {
        public void Write(string line)
        {
            try { output.WriteLine($"[{name}] {line}"); } catch (InvalidOperationException) { /* after the test */ }
        }
    }
}

/// <summary>A loopback TCP echo service (the exported "local service").</summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    public int Port { get; }

    private EchoServer(TcpListener l)
    {
        _listener = l;
        Port = ((IPEndPoint)l.LocalEndpoint).Port;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient c;
                try { c = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (Exception) { break; }
                _ = Task.Run(async () =>
                {
                    using (c)
                    {
                        try { await c.GetStream().CopyToAsync(c.GetStream(), _stop.Token); }
                        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
                    }
                });
            }
        });
    }

    public static EchoServer Start()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return new EchoServer(l);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
    }
}
