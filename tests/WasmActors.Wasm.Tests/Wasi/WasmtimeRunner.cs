using System.Collections.Concurrent;
using Wasmtime;

namespace WasmActors.Wasm.Tests.Wasi;

/// <summary>Runs a sample case under Wasmtime (the reference engine) with the same arguments, environment, input and directory.</summary>
internal static class WasmtimeRunner
{
    private static readonly Lazy<Engine> SharedEngine = new(() => new Engine());

    /// <summary>Compiled modules, shared by runs: compiling is most of the cost of a short run.</summary>
    private static readonly ConcurrentDictionary<string, Wasmtime.Module> Modules = new();

    public static SampleOutcome Run(SampleCase sample, string? directory)
    {
        var scratch = Directory.CreateTempSubdirectory("wasmtime-run-").FullName;
        try
        {
            var stdoutPath = Path.Combine(scratch, "stdout");
            var stderrPath = Path.Combine(scratch, "stderr");
            var stdinPath = Path.Combine(scratch, "stdin");
            File.WriteAllText(stdinPath, sample.Stdin ?? "");
            var config = new WasiConfiguration()
                .WithArgs([sample.Program + ".wasm", .. sample.Arguments])
                .WithEnvironmentVariables((sample.Environment ?? []).Select(e => (e[..e.IndexOf('=')], e[(e.IndexOf('=') + 1)..])))
                .WithStandardInput(stdinPath)
                .WithStandardOutput(stdoutPath)
                .WithStandardError(stderrPath);
            if (directory is not null)
            {
                config = config.WithPreopenedDirectory(directory, "/data", true);
            }

            int? exitCode = null;
            string? trap = null;
            var module = Modules.GetOrAdd(sample.WasmPath, path => Wasmtime.Module.FromFile(SharedEngine.Value, path));
            using (var linker = new Linker(SharedEngine.Value))
            using (var store = new Wasmtime.Store(SharedEngine.Value))
            {
                linker.DefineWasi();
                store.SetWasiConfiguration(config);
                var instance = linker.Instantiate(store, module);
                var start = instance.GetAction("_start") ?? throw new InvalidOperationException("no _start");
                try
                {
                    start();
                    exitCode = 0;
                }
                catch (WasmtimeException e) when (e.ExitCode is int code)
                {
                    exitCode = code;
                }
                catch (TrapException e)
                {
                    trap = e.Message;
                }
            }

            return new SampleOutcome(File.ReadAllText(stdoutPath), File.ReadAllText(stderrPath), exitCode, trap);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
