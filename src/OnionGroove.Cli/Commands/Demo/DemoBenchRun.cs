using OnionGroove.Demo;

namespace OnionGroove.Cli.Commands.Demo;

/// <summary>`oniongroove demo --bench`: measures our balancer (and Debian's onionbalance when
/// installed and one site is asked for) with <see cref="DemoBench"/>, then prints the table.</summary>
internal static class DemoBenchRun
{
    /// <param name="self">How to start this CLI again: its executable, or dotnet with its assembly.</param>
    public static async Task<int> RunAsync(DemoBench.Contender self, int extraSites, TimeSpan dropCap, TextWriter o, CancellationToken ct)
    {
        void Say(string m) { lock (o) o.WriteLine("bench: " + m); }
        var results = new List<DemoBench.Result>();
        try
        {
            results.Add(await DemoBench.MeasureAsync(self, extraSites, dropCap, Say, ct));
            if (extraSites > 0) await o.WriteLineAsync("bench: --sites measures our balancer only");
            else if (DemoBench.Onionbalance() is { } onionbalance) results.Add(await DemoBench.MeasureAsync(onionbalance, 0, dropCap, Say, ct));
            else await o.WriteLineAsync("bench: onionbalance is not installed; only our balancer was measured");
        }
        catch (DemoException e)
        {
            throw new CliError(ExitCodes.External, e.Message);
        }

        await o.WriteLineAsync();
        await o.WriteLineAsync("| balancer | sites | start → first answer | backend killed → dropped from descriptor | CPU s (wall s) | peak RSS |");
        await o.WriteLineAsync("|---|---|---|---|---|---|");
        foreach (var r in results)
            await o.WriteLineAsync($"| {r.Name} | {r.Sites} | {DemoBench.Seconds(r.ReachSeconds)} | {(r.DropSeconds is null ? $"> {dropCap.TotalSeconds:0} s (not dropped)" : DemoBench.Seconds(r.DropSeconds))} | " +
                                   $"{r.CpuSeconds:0.00} ({r.WallSeconds:0}) | {r.PeakRssKb / 1024.0:0.0} MiB |");
        return ExitCodes.Ok;
    }
}
