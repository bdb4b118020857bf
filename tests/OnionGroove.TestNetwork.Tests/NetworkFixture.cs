using System.Diagnostics;

namespace OnionGroove.TestNetwork.Tests;

/// <summary>One private Tor network (3 authorities, 5 relays) and one bootstrapped client, shared
/// by the tests of a class: every network costs CPU, and CI has two cores.</summary>
public sealed class NetworkFixture : IAsyncLifetime
{
    public PrivateTorNetwork Network { get; private set; } = null!;
    public TorProcess Client { get; private set; } = null!;
    public TimeSpan NetworkStartTime { get; private set; }
    public TimeSpan ClientBootstrapTime { get; private set; }

    public async Task InitializeAsync()
    {
        var sw = Stopwatch.StartNew();
        // OG_KEEP_TESTNET=1 keeps the data directories (torrc, logs, keys) for a look afterwards.
        Network = await PrivateTorNetwork.StartAsync(new TorNetworkOptions
        {
            Authorities = 3, Relays = 5, KeepDirectory = Environment.GetEnvironmentVariable("OG_KEEP_TESTNET") == "1",
        });
        NetworkStartTime = sw.Elapsed;
        Client = await Network.AddClientAsync();
        ClientBootstrapTime = sw.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (Network is not null) await Network.DisposeAsync();
    }
}

[CollectionDefinition("tor-network")]
public sealed class TorNetworkCollection;
