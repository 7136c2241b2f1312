using System.Text;
using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Validation;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Wasm.Tests.Wasi.Differential;

/// <summary>How one engine ran a script: the result area it printed (on stderr), whether it trapped, and the files it left.</summary>
public sealed record ScriptOutcome(byte[] Results, bool Trapped, IReadOnlyList<string> Tree, string Output);

/// <summary>Runs a <see cref="WasiScript"/> in this engine or in Wasmtime, each over its own fresh <see cref="SandboxFixture"/>.</summary>
public static class ScriptRunner
{
    private static readonly Lazy<global::Wasmtime.Engine> Engine = new(() => new global::Wasmtime.Engine());

    public static ScriptOutcome Ours(WasiScript script, SandboxFixture fixture)
    {
        var module = ModuleLoader.Load(global::Wasmtime.Module.ConvertText(script.ToWat()));
        ModuleValidator.Validate(module);
        var stderr = new MemoryStream();
        var config = new WasiConfig
        {
            Arguments = [script.Name],
            Preopens = [new WasiPreopen(fixture.Box, "/data")],
            StandardOutput = Stream.Null,
            StandardError = stderr,
        };
        var trapped = false;
        using (var wasi = new WasiContext(config))
        {
            try
            {
                WasiProgram.Run(new Store(), module, wasi);
            }
            catch (WasmTrapException)
            {
                trapped = true;
            }
        }

        return new ScriptOutcome(stderr.ToArray(), trapped, fixture.Tree(), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    public static ScriptOutcome Wasmtime(WasiScript script, SandboxFixture fixture)
    {
        var errorPath = Path.Combine(fixture.Parent, "..", Path.GetFileName(fixture.Parent) + ".stderr");
        try
        {
            var config = new global::Wasmtime.WasiConfiguration()
                .WithArgs([script.Name])
                .WithStandardError(errorPath)
                .WithPreopenedDirectory(fixture.Box, "/data", true);
            var trapped = false;
            using (var module = global::Wasmtime.Module.FromText(Engine.Value, script.Name, script.ToWat()))
            using (var linker = new global::Wasmtime.Linker(Engine.Value))
            using (var store = new global::Wasmtime.Store(Engine.Value))
            {
                linker.DefineWasi();
                store.SetWasiConfiguration(config);
                var instance = linker.Instantiate(store, module);
                try
                {
                    instance.GetAction("_start")!();
                }
                catch (global::Wasmtime.WasmtimeException e) when (e is global::Wasmtime.TrapException || e.Message.Contains("not aligned", StringComparison.Ordinal))
                {
                    // A host function's error (such as a misaligned pointer) ends the run as a trap does.
                    trapped = true;
                }
            }

            var bytes = File.ReadAllBytes(errorPath);
            return new ScriptOutcome(bytes, trapped, fixture.Tree(), Encoding.UTF8.GetString(bytes));
        }
        finally
        {
            File.Delete(errorPath);
        }
    }
}
