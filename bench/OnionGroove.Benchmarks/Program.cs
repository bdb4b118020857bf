using BenchmarkDotNet.Running;
using OnionGroove.Benchmarks.Capacity;

// Run: dotnet run -c Release --project bench/OnionGroove.Benchmarks -- --filter '*'
// Capacity on a private Tor network (docs/capacity.md): … -- capacity SCENARIO [options]
// "cli": the oniongroove command line itself, which the balancer scenario starts as its balancer process.
return args switch
{
    ["capacity", .. var rest] => await CapacityMain.RunAsync(rest),
    ["cli", .. var rest] => await OnionGroove.Cli.CliApp.RunAsync(rest, Console.Out, Console.Error),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
