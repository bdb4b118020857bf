using OnionGroove.Demo;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OnionGroove.Balancer.Tests;

/// <summary>A private Tor network with twelve backends (three intro points each) behind one
/// balancer with distinct descriptors: 36 intro points do not fit in one descriptor (20 at most),
/// so different HSDirs must hold different descriptors. Health checks are off: every client
/// request a backend's site counts comes from the tests.</summary>
public sealed class TwelveBackendsFixture(IMessageSink sink) : IAsyncLifetime
{
    public const int BackendCount = 12;

    private readonly StringWriter _daemonLog = new();

    private static bool Keep => Environment.GetEnvironmentVariable("OG_KEEP_TESTNET") == "1";

    public DemoStack Stack { get; private set; } = null!;

    public string DaemonLog { get { lock (_daemonLog) return _daemonLog.ToString(); } }

    public void Progress(string message) => sink.OnMessage(new DiagnosticMessage("twelve backends: " + message));

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Stack = await DemoStack.StartAsync(new DemoStack.Options
        {
            Backends = BackendCount,
            DistinctDescriptors = true,
            HealthChecks = false,
            Log = Progress,
            DaemonLog = TextWriter.Synchronized(_daemonLog),
            // OG_KEEP_TESTNET=1 keeps the directories, with the backends' info-level logs, to look at afterwards.
            KeepDirectory = Keep,
            BackendTorrcLines = Keep ? ["Log info file info.log"] : [],
        }, cts.Token);
        Progress("network directory: " + Stack.BaseDirectory);
        if (Keep)
        {
            await using var c = await Stack.Client.ConnectAsync(cts.Token);
            await c.SetConfAsync("Log", "info file " + Path.Combine(Stack.Client.DataDirectory, "info.log"), cts.Token);
        }
    }

    public async Task DisposeAsync()
    {
        if (Stack is not null) await Stack.DisposeAsync();
    }
}
