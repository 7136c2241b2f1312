using BenchmarkDotNet.Running;

namespace WasmActors.Benchmarks;

public static class Program
{
    /// <summary>Runs the suites: `dotnet run -c Release --project bench/WasmActors.Benchmarks -- --filter '*'`.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
