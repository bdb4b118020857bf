using System.CommandLine;
using OnionGroove.Cli.Commands.Demo;
using OnionGroove.Demo;

namespace OnionGroove.Cli.Commands;

/// <summary>`oniongroove demo [--backends N] [--keep] [--dir DIR]`: a load-balanced onion site on a
/// private Tor network on this machine, fetched through its frontend address.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var backends = new Option<int>("--backends", "-n") { Description = "Number of backends (1–12)", DefaultValueFactory = _ => 2 };
        var keep = new Option<bool>("--keep") { Description = "Leave everything running until Ctrl-C, and print how to reach it" };
        var dir = new Option<string?>("--dir") { Description = "Where to put the network (default: a new folder under /tmp; removed at the end)" };
        var fetches = new Option<int>("--fetches") { Description = "Requests through the frontend before and after a backend is killed (each on a fresh circuit; more until every backend answered)", DefaultValueFactory = _ => 6 };
        var bench = new Option<bool>("--bench") { Description = "Compare our balancer with Debian's onionbalance on the same scenario (takes minutes)" };
        var sites = new Option<int>("--sites") { Description = "With --bench: frontends our balancer serves at once (CPU and RSS per site)", DefaultValueFactory = _ => 1 };
        var cmd = new Command("demo", "Bring up a private Tor network with backends and the balancer, and fetch the site through its frontend address")
        {
            backends, keep, dir, fetches, bench, sites,
        };
        cmd.SetAction(async (pr, ct) =>
        {
            if (pr.GetValue(bench))
                return await DemoBenchRun.RunAsync(Self(), Math.Max(0, pr.GetValue(sites) - 1),
                    TimeSpan.FromMinutes(8), pr.InvocationConfiguration.Output, ct);
            var n = pr.GetValue(backends);
            if (n is < 1 or > 12) throw new CliError(ExitCodes.Usage, "--backends must be between 1 and 12");
            return await DemoRun.RunAsync(n, pr.GetValue(keep), pr.GetValue(dir), Math.Max(1, pr.GetValue(fetches)),
                pr.InvocationConfiguration.Output, pr.InvocationConfiguration.Error, ct);
        });
        return cmd;
    }

    /// <summary>This CLI as the benchmark starts it: the apphost, or `dotnet oniongroove.dll` under `dotnet run`/`dotnet exec`.</summary>
    private static DemoBench.Contender Self()
    {
        var path = Environment.ProcessPath ?? "oniongroove";
        return path.EndsWith("dotnet")
            ? DemoBench.OurBalancer("dotnet", [typeof(DemoCommand).Assembly.Location])
            : DemoBench.OurBalancer(path, []);
    }
}
