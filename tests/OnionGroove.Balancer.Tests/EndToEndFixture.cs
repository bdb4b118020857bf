using OnionGroove.Demo;
using OnionGroove.Crypto;
using Xunit.Abstractions;
using Xunit.Sdk;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Balancer.Tests;

/// <summary>One private Tor network, two backends and a balancer (with its own supervised tor),
/// shared by the end-to-end tests of a class. The frontend requires client authorisation; the
/// fixture's client holds the key.</summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    private readonly IMessageSink _sink;
    private readonly StringWriter _daemonLog = new();

    public EndToEndFixture(IMessageSink sink) => _sink = sink;

    public DemoStack Stack { get; private set; } = null!;
    public ClientAuthSecretKey ClientKey { get; } = ClientAuthSecretKey.Generate();

    public string DaemonLog { get { lock (_daemonLog) return _daemonLog.ToString(); } }

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Stack = await DemoStack.StartAsync(new DemoStack.Options
        {
            Backends = 2,
            Log = m => _sink.OnMessage(new DiagnosticMessage("e2e: " + m)),
            DaemonLog = TextWriter.Synchronized(_daemonLog),
            AuthorizedClients = [ClientKey.PublicKey.ToAuthFileLine()],
        }, cts.Token);
        await using var c = await Stack.Client.ConnectAsync(cts.Token);
        await c.OnionClientAuthAddAsync(Stack.Frontend, ClientKey, ct: cts.Token);
    }

    public async Task DisposeAsync()
    {
        await Stack.DisposeAsync();
        ClientKey.Dispose();
    }
}
