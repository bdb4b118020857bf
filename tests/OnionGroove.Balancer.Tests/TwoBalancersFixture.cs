using OnionGroove.Demo;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OnionGroove.Balancer.Tests;

/// <summary>One frontend key on two balancer hosts that know nothing of each other, each with its
/// own tor: A balances web1 and web2, B balances web2 and web3 (so their descriptors differ and
/// the HSDirs' copy says who uploaded last).</summary>
public sealed class TwoBalancersFixture(IMessageSink sink) : IAsyncLifetime
{
    private readonly StringWriter _logA = new();
    private readonly StringWriter _logB = new();

    public DemoStack Stack { get; private set; } = null!;
    public DemoBalancer B { get; private set; } = null!;

    public string LogA { get { lock (_logA) return _logA.ToString(); } }
    public string LogB { get { lock (_logB) return _logB.ToString(); } }

    public void Progress(string message) => sink.OnMessage(new DiagnosticMessage("two balancers: " + message));

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Stack = await DemoStack.StartAsync(new DemoStack.Options
        {
            Backends = 2,
            Log = Progress,
            DaemonLog = TextWriter.Synchronized(_logA),
        }, cts.Token);
        // Not in A's configuration: the stack rewrites it only when asked.
        var web3 = await Stack.AddBackendAsync("web3", cts.Token);
        B = await Stack.StartExtraBalancerAsync("balancer-b", [Stack.Backends[1], web3], TextWriter.Synchronized(_logB), cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (Stack is not null) await Stack.DisposeAsync();
    }
}
