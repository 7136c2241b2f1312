using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Wasi;

/// <summary>Runs a WASI command module: instantiate with the preview1 imports, call <c>_start</c>, report the exit status.</summary>
public static class WasiProgram
{
    public const string EntryPoint = "_start";

    /// <summary>
    /// Instantiates <paramref name="module"/> (already validated) into <paramref name="store"/> with the functions of
    /// <paramref name="wasi"/> (plus <paramref name="extraImports"/>, consulted first), calls <c>_start</c> and returns
    /// the exit status: 0 when it returns, the code when it calls proc_exit. A trap throws
    /// <see cref="WasmTrapException"/>; missing imports or a missing <c>_start</c> throw <see cref="WasmLinkException"/>.
    /// </summary>
    public static int Run(Store store, Module module, WasiContext wasi, IImportResolver? extraImports = null)
    {
        var instance = Instantiate(store, module, wasi, extraImports);
        return Start(store, instance);
    }

    public static ModuleInstance Instantiate(Store store, Module module, WasiContext wasi, IImportResolver? extraImports = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var linker = WasiModule.Define(new Linker(), wasi);
        IImportResolver imports = extraImports is null ? linker : new ChainedResolver(extraImports, linker);
        return Instantiator.Instantiate(store, module, imports);
    }

    /// <summary>Calls the instance's <c>_start</c> and turns proc_exit into an exit status.</summary>
    public static int Start(Store store, ModuleInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (!instance.Exports.TryGetValue(EntryPoint, out var export) || export is not FunctionInstance start)
        {
            throw new WasmLinkException($"the module exports no function \"{EntryPoint}\"");
        }

        if (start.Type.Parameters.Length != 0 || start.Type.Results.Length != 0)
        {
            throw new WasmLinkException($"\"{EntryPoint}\" has type {start.Type}; a command's entry point takes and returns nothing");
        }

        try
        {
            Executor.Invoke(store, start, []);
            return 0;
        }
        catch (WasiExitException exit)
        {
            return exit.ExitCode;
        }
    }

    private sealed class ChainedResolver(IImportResolver first, IImportResolver second) : IImportResolver
    {
        public StoreInstance? Resolve(string module, string name) => first.Resolve(module, name) ?? second.Resolve(module, name);
    }
}
