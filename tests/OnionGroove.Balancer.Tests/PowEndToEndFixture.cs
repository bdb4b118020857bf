using OnionGroove.Demo;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OnionGroove.Balancer.Tests;

/// <summary>A private Tor network with two real tor backends running the proof-of-work defence
/// (prop327, <c>HiddenServicePoWDefensesEnabled 1</c>) behind one balancer with <c>pow: follow</c>
/// and <c>pow_backends_verify_frontend: true</c> (so pow-params are published). The backends run
/// <c>OG_TOR_BACKEND_EXECUTABLE</c> when set (a locally patched tor, docs/pow.md), else the stock tor.</summary>
public sealed class PowEndToEndFixture(IMessageSink sink) : IAsyncLifetime
{
    public const string BackendTorVariable = "OG_TOR_BACKEND_EXECUTABLE";
    public static readonly string[] PublishedPow = ["pow: follow", "pow_backends_verify_frontend: true"];

    private readonly StringWriter _daemonLog = new();
    private readonly string _rendLogs = Directory.CreateTempSubdirectory("og-pow-rend-").FullName;

    public DemoStack Stack { get; private set; } = null!;

    /// <summary>The backends' tor when it is not the stock one (from <see cref="BackendTorVariable"/>).</summary>
    public static string? PatchedBackendTor =>
        Environment.GetEnvironmentVariable(BackendTorVariable) is { Length: > 0 } path ? path : null;

    /// <summary>Rewrites the service's pow keys in the balancer's config and asks the daemon to reload it.</summary>
    public void SetPowConfig(params string[] lines)
    {
        var text = File.ReadAllLines(Stack.ConfigPath).Where(l => !l.StartsWith("    pow", StringComparison.Ordinal)).ToList();
        var at = text.FindIndex(l => l.StartsWith("  - key: ", StringComparison.Ordinal)) + 1;
        text.InsertRange(at, lines.Select(l => "    " + l));
        File.WriteAllLines(Stack.ConfigPath + ".tmp", text);
        File.Move(Stack.ConfigPath + ".tmp", Stack.ConfigPath, overwrite: true);
        Stack.Daemon.RequestReload();
    }

    public string DaemonLog { get { lock (_daemonLog) return _daemonLog.ToString(); } }

    /// <summary>A backend's rend log at info: it says whether each PoW solution verified and at which effort a request left the queue.</summary>
    public string RendLogPath(DemoBackend b) => Path.Combine(_rendLogs, b.Name + "-rend.log");

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
            // ProtocolWarnings: tor logs a refused PoW extension ("Invalid PoW cell extension") at warn.
            BackendTorrcLines = ["HiddenServicePoWDefensesEnabled 1", "ProtocolWarnings 1"],
            BackendTorrcLinesOf = name => [$"Log [rend]info file {Path.Combine(_rendLogs, name + "-rend.log")}"],
            BackendTorPath = PatchedBackendTor,
            ServiceConfigLines = PublishedPow,
        }, cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (Stack is not null) await Stack.DisposeAsync();
        Directory.Delete(_rendLogs, recursive: true);
    }
}
