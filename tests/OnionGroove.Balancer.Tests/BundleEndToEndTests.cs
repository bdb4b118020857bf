using OnionGroove.Demo;
using OnionGroove.TestSupport;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OnionGroove.Balancer.Tests;

/// <summary>A private Tor network whose balancer holds only a signing bundle (issue #12): 30 minutes of
/// the network's 8-minute periods, no identity key on its side.</summary>
public sealed class BundleEndToEndFixture(IMessageSink sink) : IAsyncLifetime
{
    private readonly StringWriter _daemonLog = new();

    public DemoStack Stack { get; private set; } = null!;

    public string DaemonLog { get { lock (_daemonLog) return _daemonLog.ToString(); } }

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Stack = await DemoStack.StartAsync(new DemoStack.Options
        {
            Backends = 2,
            Log = m => sink.OnMessage(new DiagnosticMessage("bundle e2e: " + m)),
            DaemonLog = TextWriter.Synchronized(_daemonLog),
            SigningBundleSpan = TimeSpan.FromMinutes(30),
        }, cts.Token);
    }

    public async Task DisposeAsync() => await Stack.DisposeAsync();
}

/// <summary>A real tor client reaches the site through a balancer that signs with a bundle only.</summary>
[Collection("private Tor networks")]
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class BundleEndToEndTests(BundleEndToEndFixture f, ITestOutputHelper output) : IClassFixture<BundleEndToEndFixture>
{
    [Fact]
    public async Task A_client_reaches_the_frontend_of_a_balancer_holding_only_a_bundle()
    {
        try
        {
            var balancerDir = Path.Combine(f.Stack.BaseDirectory, "balancer");
            Assert.True(File.Exists(f.Stack.SigningBundlePath));
            Assert.Empty(Directory.GetFiles(balancerDir, "hs_ed25519_secret_key", SearchOption.AllDirectories));

            var who = await f.Stack.WaitReachableAsync(TimeSpan.FromSeconds(150), new CancellationTokenSource(TimeSpan.FromSeconds(200)).Token);
            Assert.Contains(who, f.Stack.Backends.Select(b => b.Name));

            var svc = Assert.Single(f.Stack.Daemon.Engine.Status(DateTimeOffset.UtcNow).Services);
            Assert.NotNull(svc.SigningBundleRunsOut);
            Assert.InRange(svc.SigningBundleRunsOut!.Value, DateTimeOffset.UtcNow.AddMinutes(10), DateTimeOffset.UtcNow.AddMinutes(60));
            Assert.Contains("signing with the bundle", f.DaemonLog);
            Assert.DoesNotContain("no key for time period", f.DaemonLog);
        }
        finally { output.WriteLine(f.DaemonLog); }
    }
}
