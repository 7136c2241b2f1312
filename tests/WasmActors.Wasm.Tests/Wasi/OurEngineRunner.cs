using System.Collections.Concurrent;
using System.Text;
using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Validation;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Wasm.Tests.Wasi;

/// <summary>Runs a sample case in this engine: load, validate, instantiate with WASI, call _start.</summary>
internal static class OurEngineRunner
{
    private static readonly ConcurrentDictionary<string, Model.Module> Modules = new();

    public static SampleOutcome Run(SampleCase sample, string? directory)
    {
        var module = Modules.GetOrAdd(sample.WasmPath, path =>
        {
            var loaded = ModuleLoader.Load(File.ReadAllBytes(path));
            ModuleValidator.Validate(loaded);
            return loaded;
        });
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var config = new WasiConfig
        {
            Arguments = [sample.Program + ".wasm", .. sample.Arguments],
            Environment = sample.Environment ?? [],
            Preopens = directory is null ? [] : [new WasiPreopen(directory, "/data")],
            StandardInput = new MemoryStream(Encoding.UTF8.GetBytes(sample.Stdin ?? "")),
            StandardOutput = stdout,
            StandardError = stderr,
        };
        using var wasi = new WasiContext(config);
        int? exitCode = null;
        string? trap = null;
        try
        {
            exitCode = WasiProgram.Run(new Store(), module, wasi);
        }
        catch (WasmTrapException e)
        {
            trap = e.Reason;
        }

        return new SampleOutcome(Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()), exitCode, trap);
    }
}
