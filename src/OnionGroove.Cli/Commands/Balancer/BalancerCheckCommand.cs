using System.CommandLine;
using OnionGroove.Balancer.Config;

namespace OnionGroove.Cli.Commands.Balancer;

/// <summary>`oniongroove balancer check --config FILE [--json]`: validates the configuration and every
/// key file it names, listing all problems with their lines, without touching tor. A signing bundle named as
/// a service's key is verified too: its certificates chain to its frontend (and to the configured
/// <c>address</c>, if any), its periods are contiguous, and it has not run out.</summary>
public static class BalancerCheckCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config", "-c") { Description = "The configuration file to check", Required = true };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON ({\"version\":1,\"data\":…})" };
        var cmd = new Command("check", "Validate a balancer configuration and its key files") { config, json };
        cmd.SetAction(async (pr, ct) =>
        {
            var stdout = pr.InvocationConfiguration.Output;
            var stderr = pr.InvocationConfiguration.Error;
            var path = pr.GetValue(config)!;
            // YAML and key-file problems together, in one pass.
            using var loaded = ConfigWithKeys.Load(path);
            var problems = loaded.Problems;
            var now = DateTimeOffset.UtcNow;
            var services = loaded.Services.Select(x => (object)new
            {
                frontend = x.Keys.Signer.Address.ToString(), backends = x.Config.Instances.Select(i => i.Address + ".onion").ToArray(),
                authorized_clients = x.Keys.AuthorizedClients.Count, distinct_descriptors = x.Config.DistinctDescriptors, health_check = x.Config.HealthCheck is not null,
                signing_bundle = BundleSummary.Of(x.Keys.Signer, now)?.ToJson(),
            }).ToList();
            if (pr.GetValue(json))
            {
                await JsonOutput.WriteAsync(stdout, new { ok = problems.Count == 0, problems = problems.Select(p => new { file = p.Source, line = p.Line, message = p.Message }), services });
                return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.BadInput;
            }
            foreach (var p in problems) await stderr.WriteLineAsync($"oniongroove: {p}");
            if (problems.Count > 0) throw new CliError(ExitCodes.BadInput, $"the configuration has {problems.Count} problem(s)");
            await stdout.WriteLineAsync($"{path}: ok, {services.Count} service(s)");
            foreach (var (cfg, keys) in loaded.Services)
                if (BundleSummary.Of(keys.Signer, now) is { } b)
                    await stdout.WriteLineAsync($"  {keys.Signer.Address}: signing bundle {b.File}, periods {b.FirstPeriod} to {b.LastPeriod}, " +
                        $"runs out {b.RunsOut:yyyy-MM-dd HH:mm}Z ({b.RemainingDays:0.0} days left)" +
                        (b.RemainingDays <= cfg.BundleWarnDays ? " — REFRESH SOON" : ""));
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
