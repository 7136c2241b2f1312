using System.Diagnostics;
using WasmActors.Wasm;
using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Validation;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Bench.Start;

/// <summary>
/// Times one module from its file to its first instruction in this process, the way a run node starts a program:
/// read, load, validate, instantiate with WASI, then run the entry point (<c>_start</c> or <c>_initialize</c>) with no fuel, which stops it at its first
/// checkpoint (so its first instructions have run). In a fresh process this is the cold start, the JIT included.
/// </summary>
internal static class StartBenchmark
{
    private static readonly string[] EntryPoints = [WasiProgram.EntryPoint, "_initialize"];

    public static StartTiming Measure(string path, string? name = null)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var bytes = File.ReadAllBytes(path);
        var read = Lap(clock);
        var module = ModuleLoader.Load(bytes);
        var load = Lap(clock);
        ModuleValidator.ValidateExceptBodies(module);
        var validate = Lap(clock);

        using var wasi = new WasiContext(new WasiConfig { Arguments = [Path.GetFileName(path)], StandardOutput = Stream.Null, StandardError = Stream.Null });
        var store = new Store();
        var instance = WasiProgram.Instantiate(store, module, wasi, new TrappingImports(module));
        var instantiate = Lap(clock);

        var entry = EntryPoint(instance);
        var machine = new Machine(store);
        machine.Start(entry, []);
        var compile = Lap(clock);
        machine.Fuel = 0;
        machine.Run();
        var first = Lap(clock);
        var cpuSpent = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return new StartTiming(name ?? Path.GetFileName(path), bytes.Length, read, load, validate, instantiate, compile, first, cpuSpent);
    }

    /// <summary>A command's <c>_start</c>, or a reactor's <c>_initialize</c> (a Ruby build is a reactor).</summary>
    private static FunctionInstance EntryPoint(ModuleInstance instance) =>
        EntryPoints.Select(name => instance.Exports.GetValueOrDefault(name)).OfType<FunctionInstance>().FirstOrDefault()
            ?? throw new WasmLinkException($"the module exports neither {string.Join(" nor ", EntryPoints)}");

    private static TimeSpan Lap(Stopwatch clock)
    {
        var elapsed = clock.Elapsed;
        clock.Restart();
        return elapsed;
    }
}
