using System.CommandLine;
using OnionGroove.Cli.Commands.Keygen;

namespace OnionGroove.Cli.Commands;

/// <summary>`oniongroove keygen [--prefix P]… [--count N] [--out DIR] [--threads N] [--json]`
/// and `oniongroove keygen --bench [--seconds S] [--threads N] [--json]`.</summary>
public static class KeygenCommand
{
    public static Command Create()
    {
        var prefix = new Option<string[]>("--prefix", "-p")
        {
            HelpName = "PREFIX",
            Description = "Wanted start of the onion address (a-z, 2-7); repeat for alternatives. Each character multiplies the work by 32",
        };
        var count = new Option<int>("--count", "-n") { HelpName = "N", Description = "Number of keys to generate", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out", "-o")
        {
            HelpName = "DIR",
            Description = "Write tor HiddenServiceDir folders: DIR itself for one key, DIR/<address>/ for each key with --count > 1. " +
                          "Without --out only the addresses are printed (the secret keys are discarded)",
        };
        var threads = new Option<int>("--threads", "-t") { HelpName = "N", Description = "Search threads (default: one per processor)" };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON ({\"version\":1,\"data\":…})" };
        var bench = new Option<bool>("--bench") { Description = "Measure the vanity search speed (candidates per second) instead of generating keys" };
        var seconds = new Option<double>("--seconds") { HelpName = "S", Description = "How long --bench measures", DefaultValueFactory = _ => 10 };

        var cmd = new Command("keygen", "Generate onion service identity keys, optionally with a vanity address prefix")
        {
            prefix, count, output, threads, json, bench, seconds,
        };
        cmd.SetAction((pr, ct) =>
        {
            var request = new KeygenRequest(
                pr.GetValue(prefix) ?? [], pr.GetValue(count), pr.GetValue(output), pr.GetValue(threads), pr.GetValue(json));
            var stdout = pr.InvocationConfiguration.Output;
            var stderr = pr.InvocationConfiguration.Error;
            var code = pr.GetValue(bench)
                ? KeygenBench.Run(request, pr.GetValue(seconds), stdout, stderr, ct)
                : KeygenRun.Run(request, stdout, stderr, ct);
            return Task.FromResult(code);
        });
        return cmd;
    }
}
