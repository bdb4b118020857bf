using BenchmarkDotNet.Attributes;
using OnionGroove.Crypto.Curve;

namespace OnionGroove.Benchmarks;

/// <summary>The field operations the search is built from.</summary>
public class FieldElementBenchmarks
{
    private FieldElement _a = FieldElement.FromBytes(Convert.FromHexString("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"));
    private FieldElement _b = FieldElement.FromBytes(Convert.FromHexString("a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf30"));

    [Benchmark(OperationsPerInvoke = 100)]
    public FieldElement Mul()
    {
        var x = _a;
        for (var i = 0; i < 100; i++) x = FieldElement.Mul(x, _b);
        return x;
    }

    [Benchmark(OperationsPerInvoke = 100)]
    public FieldElement Square()
    {
        var x = _a;
        for (var i = 0; i < 100; i++) x = FieldElement.Square(x);
        return x;
    }

    [Benchmark]
    public FieldElement Invert() => FieldElement.Invert(_a);
}
