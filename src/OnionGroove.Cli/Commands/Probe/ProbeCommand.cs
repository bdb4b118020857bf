using System.CommandLine;
using System.Net;
using OnionGroove.Control.Auth;
using OnionGroove.Control.Transport;
using OnionGroove.Probe;
using OnionGroove.Probe.Metrics;
using OnionGroove.Probe.Network;
using MetricsServer = OnionGroove.Balancer.Metrics.MetricsServer;

namespace OnionGroove.Cli.Commands.Probe;

/// <summary>`oniongroove probe [ADDRESS…] [--control ENDPOINT] [--https] [--json] [--serve ADDR:PORT]`:
/// looks at each site the way its visitors' tor does (docs/probe.md).</summary>
public static class ProbeCommand
{
    public static Command Create()
    {
        var o = new ProbeOptions();
        var cmd = new Command("probe", "See sites as visitors do: each responsible HSDir's descriptor, its checks, and the site over tor");
        foreach (var s in o.All())
            if (s is Argument a) cmd.Arguments.Add(a); else cmd.Options.Add((Option)s);
        cmd.SetAction(async (pr, ct) =>
        {
            var settings = Settings(pr, o);
            var serve = pr.GetValue(o.Serve) is { } listen
                ? IPEndPoint.TryParse(listen, out var ep) && ep.Port > 0 ? ep : throw new CliError(ExitCodes.Usage, $"--serve wants IP:PORT, not '{listen}'")
                : null;
            if (pr.GetValue(o.Interval) < 1) throw new CliError(ExitCodes.Usage, "--interval must be at least 1 second");
            var sites = ProbeSites.Resolve(pr, o);
            await using var tor = await OpenTorAsync(pr, o, sites.TorNetwork, ct);
            var probe = new OnionProbe(tor.Controller, tor.Socks, settings);
            if (serve is null)
            {
                var round = await probe.RunAsync(sites.Targets, ct);
                if (pr.GetValue(o.Json)) JsonOutput.Write(pr.InvocationConfiguration.Output, ProbeJson.Of(round));
                else ProbeText.Write(pr.InvocationConfiguration.Output, round);
                return ExitCodeOf(round.Worst);
            }
            return await ServeAsync(pr, probe, sites.Targets, serve, TimeSpan.FromSeconds(pr.GetValue(o.Interval)), ct);
        });
        return cmd;
    }

    /// <summary>0 when every site is fine; otherwise the worst site's code (see <see cref="ExitCodes"/>).</summary>
    public static int ExitCodeOf(Verdict worst) => worst switch
    {
        Verdict.Ok => ExitCodes.Ok,
        Verdict.Degraded => ExitCodes.ProbeDegraded,
        _ => ExitCodes.ProbeUnreachable,
    };

    private static ProbeSettings Settings(ParseResult pr, ProbeOptions o)
    {
        var path = pr.GetValue(o.Path)!;
        if (!path.StartsWith('/') || !Uri.TryCreate("http://x" + path, UriKind.Absolute, out _))
            throw new CliError(ExitCodes.Usage, $"--path must be an absolute path like /index.html, not '{path}'");
        int Positive(Option<int> opt) => pr.GetValue(opt) is var v and > 0 ? v : throw new CliError(ExitCodes.Usage, $"{opt.Name} must be positive");
        var settings = new ProbeSettings
        {
            Http = !pr.GetValue(o.NoHttp), Https = pr.GetValue(o.Https), Path = path,
            HsDirTimeout = TimeSpan.FromSeconds(Positive(o.HsDirTimeout)), SiteTimeout = TimeSpan.FromSeconds(Positive(o.SiteTimeout)),
            TlsExpiryWarning = TimeSpan.FromDays(pr.GetValue(o.TlsWarnDays)), RequireTrustedCertificate = !pr.GetValue(o.AllowUntrusted),
        };
        if (!settings.Http && !settings.Https) throw new CliError(ExitCodes.Usage, "--no-http without --https leaves nothing to fetch");
        return settings;
    }

    private static async Task<ProbeTor> OpenTorAsync(ParseResult pr, ProbeOptions o, IReadOnlyList<string> torNetwork, CancellationToken ct)
    {
        IPEndPoint? socks = null;
        if (pr.GetValue(o.Socks) is { } s && !(IPEndPoint.TryParse(s, out socks) && socks.Port > 0))
            throw new CliError(ExitCodes.Usage, $"--socks wants IP:PORT, not '{s}'");
        if (pr.GetValue(o.Control) is { } control)
        {
            if (!ControlEndpoint.Parse(control).TryGet(out var endpoint, out var problem))
                throw new CliError(ExitCodes.Usage, $"invalid --control endpoint: {problem.Message}");
            return (await ProbeTor.AttachAsync(endpoint, ControlAuth.Auto(pr.GetValue(o.ControlPassword)), socks, ct)).TryGet(out var t, out var error)
                ? t : throw new CliError(ExitCodes.External, error, "start tor with ControlPort (or ControlSocket) and pass it with --control");
        }
        var extra = new List<string>(torNetwork);
        if (pr.GetValue(o.Torrc) is { } torrc)
        {
            try { extra.AddRange(File.ReadAllLines(torrc).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new CliError(ExitCodes.BadInput, $"cannot read {torrc}: {e.Message}"); }
        }
        var launched = await ProbeTor.LaunchAsync(pr.GetValue(o.TorPath)!, pr.GetValue(o.DataDir), extra,
            TimeSpan.FromSeconds(pr.GetValue(o.BootstrapTimeout)), ct);
        return launched.TryGet(out var tor, out var failure) ? tor : throw new CliError(ExitCodes.External, failure);
    }

    private static async Task<int> ServeAsync(ParseResult pr, OnionProbe probe, IReadOnlyList<ProbeTarget> targets, IPEndPoint listen,
        TimeSpan interval, CancellationToken ct)
    {
        var err = pr.InvocationConfiguration.Error;
        var loop = new ProbeLoop(token => probe.RunAsync(targets, token), interval, line => err.WriteLine($"oniongroove probe: {line}"));
        MetricsServer server;
        try { server = MetricsServer.Start(listen, loop.RenderMetrics); }
        catch (System.Net.Sockets.SocketException e) { throw new CliError(ExitCodes.External, $"cannot listen on {listen}: {e.Message}"); }
        await using (server)
        {
            await err.WriteLineAsync($"oniongroove probe: {targets.Count} site(s) every {interval.TotalSeconds:0} s; metrics at http://{server.LocalEndPoint}/metrics");
            await loop.RunAsync(ct);
        }
        return ExitCodes.Ok;
    }
}
