using System.Reflection;
using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Validation;

namespace WasmActors.Benchmarks;

/// <summary>One benchmark program, ready to run in our engine and in Wasmtime with the same argument.</summary>
public sealed class Kernel : IDisposable
{
    private readonly Wasmtime.Engine _wasmtimeEngine;
    private readonly Wasmtime.Module _wasmtimeModule;
    private readonly Wasmtime.Store _wasmtimeStore;
    private readonly Func<int, int> _wasmtimeRun;
    private readonly Store _store;
    private readonly FunctionInstance _run;

    public Kernel(string name, int argument)
    {
        Name = name;
        Argument = argument;
        Bytes = Wasmtime.Module.ConvertText(ReadText(name + ".wat"));

        var module = ModuleLoader.Load(Bytes);
        ModuleValidator.Validate(module);
        _store = new Store();
        _run = Instantiator.Instantiate(_store, module, new Linker()).GetFunction("run");

        _wasmtimeEngine = new Wasmtime.Engine();
        _wasmtimeModule = Wasmtime.Module.FromBytes(_wasmtimeEngine, name, Bytes);
        _wasmtimeStore = new Wasmtime.Store(_wasmtimeEngine);
        using var linker = new Wasmtime.Linker(_wasmtimeEngine);
        var instance = linker.Instantiate(_wasmtimeStore, _wasmtimeModule);
        _wasmtimeRun = instance.GetFunction<int, int>("run") ?? throw new InvalidOperationException("no run export");
    }

    public string Name { get; }

    public int Argument { get; }

    public byte[] Bytes { get; }

    public int RunOurs() => (int)Executor.Invoke(_store, _run, [(uint)Argument])[0];

    public int RunWasmtime() => _wasmtimeRun(Argument);

    public void Dispose()
    {
        _wasmtimeStore.Dispose();
        _wasmtimeModule.Dispose();
        _wasmtimeEngine.Dispose();
    }

    private static string ReadText(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"missing embedded kernel {resource}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
