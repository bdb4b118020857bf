using BenchmarkDotNet.Attributes;
using OnionGroove.Crypto.Vanity;

namespace OnionGroove.Benchmarks;

/// <summary>The vanity search's inner loop: one batch of candidates, reported per candidate.</summary>
/// <remarks>Run: dotnet run -c Release --project bench/OnionGroove.Benchmarks -- --filter '*VanityBenchmarks*'</remarks>
[MemoryDiagnoser]
public class VanityBenchmarks
{
    private const int BatchSize = 1024;
    private VanityBatchRunner? _runner;

    [GlobalSetup]
    public void Setup() => _runner = new VanityBatchRunner(BatchSize);

    [GlobalCleanup]
    public void Cleanup() => _runner?.Dispose();

    /// <summary>Mean = time per candidate on one core (1 / Mean = candidates per second per core).</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int Candidate() => _runner!.RunBatch();
}
