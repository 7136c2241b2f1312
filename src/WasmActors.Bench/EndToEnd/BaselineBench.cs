using System.Diagnostics;
using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Validation;

namespace WasmActors.Bench.EndToEnd;

/// <summary>
/// What a fork is set against, on the same module: a fresh Wasmtime instantiation of an already compiled module,
/// and a cold start of the .wasm in this engine and in Wasmtime (bytes → load → validate/compile → instantiate).
/// The in-process fork baseline is measured by <see cref="InProcessForkBench.ForkBaseline"/>.
/// </summary>
internal static class BaselineBench
{
    public static void Run(RepositoryPaths paths, string program, int repetitions, BenchResults results)
    {
        var path = paths.Sample(program);
        using (var engine = new Wasmtime.Engine())
        using (var module = Wasmtime.Module.FromFile(engine, path))
        {
            var times = Repeat(repetitions, () =>
            {
                using var linker = new Wasmtime.Linker(engine);
                using var store = new Wasmtime.Store(engine);
                linker.DefineWasi();
                store.SetWasiConfiguration(new Wasmtime.WasiConfiguration());
                linker.Instantiate(store, module);
            });
            results.Baselines.Add(new BaselineRow("Wasmtime instantiation (module compiled)", program, Percentiles.Median(times), Percentiles.Of(times, 99), "new Store + Linker.Instantiate; memory set up by Wasmtime's allocator"));
        }

        var coldWasmtime = Repeat(Math.Max(1, repetitions / 4), () =>
        {
            using var engine = new Wasmtime.Engine();
            using var module = Wasmtime.Module.FromFile(engine, path);
            using var linker = new Wasmtime.Linker(engine);
            using var store = new Wasmtime.Store(engine);
            linker.DefineWasi();
            store.SetWasiConfiguration(new Wasmtime.WasiConfiguration());
            linker.Instantiate(store, module);
        });
        results.Baselines.Add(new BaselineRow("Wasmtime cold start", program, Percentiles.Median(coldWasmtime), Percentiles.Of(coldWasmtime, 99), "read + compile (Cranelift) + instantiate"));

        var coldOurs = Repeat(repetitions, () =>
        {
            var module = ModuleLoader.Load(File.ReadAllBytes(path));
            ModuleValidator.Validate(module);
            using var wasi = new WasmActors.Wasm.Wasi.WasiContext(new WasmActors.Wasm.Wasi.WasiConfig());
            Instantiator.Instantiate(new Store(), module, WasmActors.Wasm.Wasi.WasiModule.Define(new Linker(), wasi));
        });
        results.Baselines.Add(new BaselineRow("wasmactors cold start", program, Percentiles.Median(coldOurs), Percentiles.Of(coldOurs, 99), "read + load + validate + instantiate (code compiled on first call)"));
    }

    private static List<double> Repeat(int count, Action action)
    {
        action();
        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        return times;
    }
}
