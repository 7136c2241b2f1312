using BenchmarkDotNet.Attributes;

namespace WasmActors.Benchmarks;

/// <summary>
/// The engine's execution speed against Wasmtime (Cranelift) on the same module and argument, in the same run:
/// the Ratio column is our time / Wasmtime's time.
/// </summary>
[MemoryDiagnoser(false)]
public class InterpreterVsWasmtime
{
    private Kernel _kernel = null!;

    [Params("loop", "memory", "fib", "float")]
    public string Program { get; set; } = "loop";

    [GlobalSetup]
    public void Setup()
    {
        _kernel = new Kernel(Program, Program switch
        {
            "loop" => 2_000_000,
            "memory" => 2,
            "fib" => 22,
            _ => 64,
        });
        var ours = _kernel.RunOurs();
        var reference = _kernel.RunWasmtime();
        if (ours != reference)
        {
            throw new InvalidOperationException($"{Program}: our engine returned {ours}, Wasmtime {reference}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _kernel.Dispose();

    [Benchmark(Baseline = true)]
    public int Wasmtime() => _kernel.RunWasmtime();

    [Benchmark]
    public int WasmActors() => _kernel.RunOurs();
}
