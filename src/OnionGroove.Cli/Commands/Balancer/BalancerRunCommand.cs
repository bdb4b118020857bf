using System.CommandLine;
using System.Runtime.InteropServices;
using OnionGroove.Balancer.Daemon;
using OnionGroove.Balancer.Tor;

namespace OnionGroove.Cli.Commands.Balancer;

/// <summary>`oniongroove balancer run --config FILE [--tor-executable PATH] [--tor-data-dir DIR]
/// [--control ENDPOINT] [--metrics-listen IP:PORT|off] [--test-network]`.</summary>
public static class BalancerRunCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config", "-c") { Description = "The configuration file (Onionbalance's config.yaml plus extensions)", Required = true };
        var torExe = new Option<string?>("--tor-executable") { Description = "Launch and supervise this tor instead of attaching to a running one" };
        var dataDir = new Option<string?>("--tor-data-dir") { Description = "Data directory of the launched tor (default: tor-data beside the config)" };
        var control = new Option<string?>("--control") { Description = "tor's control endpoint, HOST:PORT or unix:/path (overrides tor.control)" };
        var metrics = new Option<string?>("--metrics-listen") { Description = "Metrics listener IP:PORT, or off (overrides metrics.listen)" };
        var testNet = new Option<bool>("--test-network") { Description = "Use test-network timings even if tor does not say TestingTorNetwork" };
        var cmd = new DaemonCommand("run", "Run the balancer in the foreground (logs to stderr; SIGHUP reloads; SIGTERM or Ctrl-C stops it, exit 0)")
        {
            config, torExe, dataDir, control, metrics, testNet,
        };
        cmd.SetAction(async (pr, ct) =>
        {
            var stderr = pr.InvocationConfiguration.Error;
            var options = new DaemonOptions
            {
                ConfigPath = pr.GetValue(config)!,
                TorExecutable = pr.GetValue(torExe),
                TorDataDirectory = pr.GetValue(dataDir),
                ControlEndpoint = pr.GetValue(control),
                MetricsListen = pr.GetValue(metrics),
                TestNetwork = pr.GetValue(testNet) ? true : null,
            };
            var log = new DaemonLog(stderr);
            if (!BalancerDaemon.Create(options, new DescriptorCodec(), new ControlPortNetworkViewSource(), log).TryGet(out var daemon, out var problems))
            {
                foreach (var p in problems) await stderr.WriteLineAsync($"oniongroove: {p}");
                throw new CliError(ExitCodes.BadInput, $"the configuration has {problems.Count} problem(s); nothing was started");
            }
            await using var _ = daemon;
            // SIGTERM (systemd stop) and Ctrl-C are the normal way a daemon ends: a clean stop,
            // exit 0, not "interrupted" (systemd would mark the unit failed). CliApp leaves both
            // signals to this command (DaemonCommand), so stopping tor may take its time.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            void Stop(PosixSignalContext ctx)
            {
                ctx.Cancel = true;
                log.Write($"{ctx.Signal.ToString().ToUpperInvariant()}: stopping");
                stop.Cancel();
            }
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            await daemon.RunAsync(stop.Token);
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
