using System.CommandLine;
using OnionGroove.Cli.Commands.Deploy;
using OnionGroove.Cli.Commands.Vault;

namespace OnionGroove.Cli.Commands.Probe;

/// <summary>The options of `oniongroove probe`.</summary>
internal sealed class ProbeOptions
{
    public Argument<string[]> Addresses { get; } = new("ADDRESS")
    {
        Description = "Onion addresses to probe (default: every site of the vault, or of --env)", Arity = ArgumentArity.ZeroOrMore,
    };
    public Option<string?> Vault { get; } = VaultCli.VaultOption();
    public Option<string[]> Identity { get; } = VaultCli.IdentityOption();
    public Option<string> Env { get; } = DeployCli.EnvOption();
    public Option<string> Inventories { get; } = DeployCli.InventoriesOption();
    public Option<string[]> Sites { get; } = new("--site") { Description = "Probe only this site of the vault (repeatable)" };
    public Option<string[]> ClientKeys { get; } = new("--client-key")
    {
        Description = "A client key (.auth_private) for a site whose descriptor is sealed to clients (repeatable; default: from the vault)",
    };
    public Option<string?> Control { get; } = new("--control", "-c")
    {
        Description = "Attach to this tor's control endpoint, HOST:PORT or unix:/path (default: launch a tor of our own)",
    };
    public Option<string?> ControlPassword { get; } = new("--control-password") { Description = "Control port password (default: cookie or none)" };
    public Option<string?> Socks { get; } = new("--socks") { Description = "tor's SocksPort, HOST:PORT (default: the one tor reports)" };
    public Option<string> TorPath { get; } = new("--tor") { Description = "tor binary to launch", DefaultValueFactory = _ => "tor" };
    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = "Data directory of the launched tor (default: a fresh temporary one, removed afterwards)",
    };
    public Option<string?> Torrc { get; } = new("--torrc") { Description = "A file of extra torrc lines for the launched tor (bridges, a test network)" };
    public Option<bool> Https { get; } = new("--https") { Description = "Fetch https://ADDRESS.onion too: certificate expiry, name and issuer" };
    public Option<bool> NoHttp { get; } = new("--no-http") { Description = "Do not fetch http://ADDRESS.onion (with --https: HTTPS only)" };
    public Option<string> Path { get; } = new("--path") { Description = "The page to fetch", DefaultValueFactory = _ => "/" };
    public Option<int> HsDirTimeout { get; } = new("--hsdir-timeout") { Description = "Seconds one HSDir has to answer", DefaultValueFactory = _ => 30 };
    public Option<int> SiteTimeout { get; } = new("--site-timeout") { Description = "Seconds the site has to answer", DefaultValueFactory = _ => 60 };
    public Option<int> BootstrapTimeout { get; } = new("--bootstrap-timeout")
    {
        Description = "Seconds a launched tor has to bootstrap", DefaultValueFactory = _ => 300,
    };
    public Option<int> TlsWarnDays { get; } = new("--tls-warn-days")
    {
        Description = "A certificate expiring within this many days makes the site degraded", DefaultValueFactory = _ => 14,
    };
    public Option<bool> AllowUntrusted { get; } = new("--allow-untrusted-cert")
    {
        Description = "A certificate no trusted CA issued (self-signed) does not make the site degraded",
    };
    public Option<string?> Serve { get; } = new("--serve")
    {
        Description = "Probe every --interval and serve Prometheus metrics at http://ADDR:PORT/metrics (runs until stopped)",
    };
    public Option<int> Interval { get; } = new("--interval") { Description = "Seconds between rounds with --serve", DefaultValueFactory = _ => 300 };
    public Option<bool> Json { get; } = VaultCli.JsonOption();

    public IEnumerable<Symbol> All() =>
    [
        Addresses, Vault, Identity, Env, Inventories, Sites, ClientKeys, Control, ControlPassword, Socks, TorPath, DataDir, Torrc,
        Https, NoHttp, Path, HsDirTimeout, SiteTimeout, BootstrapTimeout, TlsWarnDays, AllowUntrusted, Serve, Interval, Json,
    ];
}
