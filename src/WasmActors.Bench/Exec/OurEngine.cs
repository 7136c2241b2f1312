using WasmActors.Wasm;
using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Validation;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Bench.Exec;

/// <summary>
/// This engine: modules are loaded and validated once; a run instantiates and calls _start in a store with
/// <paramref name="engine"/>. With <paramref name="forked"/>, every memory is forked between the two (as a snapshot or
/// a COW fork leaves it): the program runs on pages it shares, copying each on its first write.
/// </summary>
internal sealed class OurEngine(EngineConfig engine, bool forked = false) : IEngineUnderTest
{
    public OurEngine()
        : this(EngineConfig.Default)
    {
    }

    private readonly Dictionary<string, Wasm.Model.Module> _modules = [];

    public string Name => "wasmactors";

    public BenchRunResult Run(string wasmPath, BenchProgram program, bool quick, string? directory, string? inputPath)
    {
        if (!_modules.TryGetValue(wasmPath, out var module))
        {
            module = ModuleLoader.Load(File.ReadAllBytes(wasmPath));
            ModuleValidator.Validate(module);
            _modules[wasmPath] = module;
        }

        using var input = inputPath is null ? Stream.Null : File.OpenRead(inputPath);
        var config = new WasiConfig
        {
            Arguments = [program.Program + ".wasm", .. program.ArgumentsFor(quick)],
            Preopens = directory is null ? [] : [new WasiPreopen(directory, "/data")],
            StandardInput = input,
            StandardOutput = Stream.Null,
            StandardError = Stream.Null,
        };
        using var wasi = new WasiContext(config);
        try
        {
            var store = new Store(engine);
            var instance = WasiProgram.Instantiate(store, module, wasi);
            if (forked)
            {
                foreach (var memory in store.Memories)
                {
                    memory.Fork();
                }
            }

            return new BenchRunResult(WasiProgram.Start(store, instance), null);
        }
        catch (WasmTrapException trap)
        {
            return new BenchRunResult(null, trap.Reason);
        }
    }
}
