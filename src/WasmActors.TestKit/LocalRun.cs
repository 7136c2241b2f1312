using System.Text;
using WasmActors.Snapshot.Capture;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Wasi;

namespace WasmActors.TestKit;

/// <summary>Runs a WASI program in-process without actors, for reference outputs.</summary>
public static class LocalRun
{
    public static string Stdout(string path, string name, IReadOnlyList<string> arguments) => Stdout(File.ReadAllBytes(path), name, arguments);

    public static string Stdout(byte[] wasm, string name, IReadOnlyList<string> arguments)
    {
        using var stdout = new MemoryStream();
        using var wasi = new WasiContext(new WasiConfig { Arguments = [name, .. arguments], StandardOutput = stdout, StandardStreamsAreTerminals = true });
        var store = new Store();
        var module = ModuleBinaries.Load(wasm);
        var instance = Instantiator.Instantiate(store, module, WasiModule.Define(new Linker(), wasi), name);
        try
        {
            Executor.Invoke(store, instance.GetFunction("_start"), []);
        }
        catch (WasiExitException)
        {
            // exit status is not part of the output
        }

        return Encoding.UTF8.GetString(stdout.ToArray());
    }
}
