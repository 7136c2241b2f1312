using Wasmtime;

namespace WasmActors.Bench.Exec;

/// <summary>Wasmtime through its .NET package: modules are compiled once; a run instantiates and calls _start.</summary>
internal sealed class WasmtimeEngine : IEngineUnderTest, IDisposable
{
    private readonly Engine _engine = new();
    private readonly Dictionary<string, Module> _modules = [];

    public string Name => "wasmtime";

    public BenchRunResult Run(string wasmPath, BenchProgram program, bool quick, string? directory, string? inputPath)
    {
        if (!_modules.TryGetValue(wasmPath, out var module))
        {
            module = Module.FromFile(_engine, wasmPath);
            _modules[wasmPath] = module;
        }

        var config = new WasiConfiguration()
            .WithArgs([program.Program + ".wasm", .. program.ArgumentsFor(quick)])
            .WithStandardOutput("/dev/null")
            .WithStandardError("/dev/null");
        if (inputPath is not null)
        {
            config = config.WithStandardInput(inputPath);
        }

        if (directory is not null)
        {
            config = config.WithPreopenedDirectory(directory, "/data", true);
        }

        using var linker = new Linker(_engine);
        using var store = new Store(_engine);
        linker.DefineWasi();
        store.SetWasiConfiguration(config);
        var start = linker.Instantiate(store, module).GetAction("_start") ?? throw new InvalidOperationException($"{wasmPath} exports no _start");
        try
        {
            start();
            return new BenchRunResult(0, null);
        }
        catch (WasmtimeException e) when (e.ExitCode is int code)
        {
            return new BenchRunResult(code, null);
        }
        catch (TrapException e)
        {
            return new BenchRunResult(null, e.Message);
        }
    }

    public void Dispose()
    {
        foreach (var module in _modules.Values)
        {
            module.Dispose();
        }

        _engine.Dispose();
    }
}
