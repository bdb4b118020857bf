using BenchmarkDotNet.Attributes;
using OnionGroove.Crypto.Vanity;

namespace OnionGroove.Benchmarks;

/// <summary>The vanity search's inner loop: one batch of candidates, reported per candidate.</summary>
/// <remarks>Run: dotnet run -c Release --project bench/OnionGroove.Benchmarks -- --filter '*VanityBenchmarks*'</remarks>
[MemoryDiagnoser]
public class VanityBenchmarks
{
    private const int BatchSize = 1024;

    /// <summary>Candidates per invocation: 8 batches of the eight-lane worker (8·1023 each) or 64 of
    /// the scalar one (1023 each), so the count is exact either way.</summary>
    private const int Candidates = 64 * (BatchSize - 1);
    private VanityBatchRunner? _runner;

    [GlobalSetup]
    public void Setup() => _runner = new VanityBatchRunner(BatchSize);

    [GlobalCleanup]
    public void Cleanup() => _runner?.Dispose();

    /// <summary>Mean = time per candidate on one core (1 / Mean = candidates per second per core).</summary>
    [Benchmark(OperationsPerInvoke = Candidates)]
    public int Candidate()
    {
        var done = 0;
        while (done < Candidates) done += _runner!.RunBatch();
        return done;
    }
}
