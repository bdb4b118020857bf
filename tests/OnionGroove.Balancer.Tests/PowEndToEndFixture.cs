using OnionGroove.Demo;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OnionGroove.Balancer.Tests;

/// <summary>A private Tor network with two real tor backends running the proof-of-work defence
/// (prop327, <c>HiddenServicePoWDefensesEnabled 1</c>) behind one balancer with <c>pow: follow</c>.</summary>
public sealed class PowEndToEndFixture(IMessageSink sink) : IAsyncLifetime
{
    private readonly StringWriter _daemonLog = new();

    public DemoStack Stack { get; private set; } = null!;

    public string DaemonLog { get { lock (_daemonLog) return _daemonLog.ToString(); } }

    public void Progress(string message) => sink.OnMessage(new DiagnosticMessage("pow: " + message));

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Stack = await DemoStack.StartAsync(new DemoStack.Options
        {
            Backends = 2,
            HealthChecks = false,
            Log = Progress,
            DaemonLog = TextWriter.Synchronized(_daemonLog),
            BackendTorrcLines = ["HiddenServicePoWDefensesEnabled 1"],
            ServiceConfigLines = ["pow: follow"],
        }, cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (Stack is not null) await Stack.DisposeAsync();
    }
}
