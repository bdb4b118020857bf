namespace OnionGroove.TestNetwork;

/// <summary>Shape of a <see cref="PrivateTorNetwork"/>.</summary>
public sealed record TorNetworkOptions
{
    public int Authorities { get; init; } = 3;
    public int Relays { get; init; } = 5;

    /// <summary>Where the tors keep their data; a new short folder under /tmp when null (tor's
    /// ControlSocket paths must fit in 107 bytes).</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Keep the directory (keys, logs) after dispose, for debugging.</summary>
    public bool KeepDirectory { get; init; }

    /// <summary>Steady-state voting interval in seconds (Onionbalance's test-network mode assumes 20).</summary>
    public int VotingIntervalSeconds { get; init; } = 20;

    /// <summary>Limit for the whole start (authorities + relays until every relay is in the consensus).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Limit for a client or service tor to reach "Bootstrapped 100%".</summary>
    public TimeSpan BootstrapTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where authority identity keys are kept between runs (generating three RSA-3072
    /// authority identities costs several CPU-seconds); null: always generate fresh ones. Signing
    /// keys and certificates are still made per network. Test keys only.</summary>
    public string? AuthorityKeyCache { get; init; } = Path.Combine(Path.GetTempPath(), "og-tornet-authority-keys");

    /// <summary>The IPv4 address every authority and relay binds and advertises (Address, ORPort,
    /// DirPort, DirAuthority lines). 127.0.0.1 by default; a test that must reach the network from
    /// containers it created gives a host-side address of their veth links (e.g. 10.231.1.1).
    /// TestingTorNetwork lets tor use private addresses. Control and SOCKS ports stay on 127.0.0.1.</summary>
    public string Address { get; init; } = "127.0.0.1";

    public string TorPath { get; init; } = "tor";
    public string TorGencertPath { get; init; } = "tor-gencert";
}
