using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project bench/OnionGroove.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
