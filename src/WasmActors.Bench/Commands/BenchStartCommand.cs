using System.CommandLine;
using WasmActors.Bench.Start;
using WasmActors.Node.Commands;
using WasmActors.Wasm;

namespace WasmActors.Bench.Commands;

/// <summary>
/// <c>wasmactors-bench start</c>: the time from a module's file to its first instruction, by phase, for the modules
/// given and for a synthesized module of the given size, each in a new process (a cold start).
/// </summary>
internal sealed class BenchStartCommand : ICliCommand
{
    public const int DefaultSynthesizedMegabytes = 30;

    public Command Build()
    {
        var modules = new Option<string[]>("--module") { Description = "a WASI module to start (repeatable)" };
        var synthesized = new Option<int>("--synthesized-mb")
        {
            Description = "size of the synthesized module in MB (0: none)",
            DefaultValueFactory = _ => DefaultSynthesizedMegabytes,
        };
        var inProcess = new Option<bool>("--in-process") { Description = "measure in this process, one module after the other (only the first is cold)" };
        var here = new Option<string>("--measure-here") { Hidden = true };

        var start = new Command("start", "Time from a module's file to its first instruction (read, load, validate, instantiate, compile), each module in a new process.")
        {
            modules,
            synthesized,
            inProcess,
            here,
        };
        start.SetAction(result => result.GetValue(here) is { } path
            ? MeasureHere(path, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error)
            : Run(result.GetValue(modules) ?? [], result.GetValue(synthesized), result.GetValue(inProcess), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return start;
    }

    public static int Run(string[] modules, int synthesizedMegabytes, bool inProcess, TextWriter output, TextWriter error)
    {
        if (synthesizedMegabytes < 0)
        {
            error.WriteLine("wasmactors-bench start: --synthesized-mb cannot be negative");
            return 2;
        }

        if (modules.FirstOrDefault(m => !File.Exists(m)) is { } missing)
        {
            error.WriteLine($"wasmactors-bench start: {missing}: no such file");
            return 2;
        }

        var synthesizedPath = Path.Combine(Path.GetTempPath(), $"wasmactors-bench-start-{Environment.ProcessId}.wasm");
        try
        {
            var targets = modules.Select(m => (Path: m, Name: Path.GetFileName(m))).ToList();
            if (synthesizedMegabytes > 0)
            {
                File.WriteAllBytes(synthesizedPath, SyntheticModule.Build(synthesizedMegabytes * 1_000_000L));
                targets.Add((synthesizedPath, $"synthesized-{synthesizedMegabytes}mb"));
            }

            output.WriteLine($"time to first instruction, {(inProcess ? "in this process (only the first module is cold)" : "each module in a new process")}");
            output.WriteLine(StartTiming.Header);
            foreach (var (path, name) in targets)
            {
                var timing = inProcess ? StartBenchmark.Measure(path, name) : FreshProcess.Measure(path, name);
                output.WriteLine(timing.Row());
            }

            return 0;
        }
        catch (Exception e) when (e is WasmException or InvalidOperationException or IOException)
        {
            error.WriteLine($"wasmactors-bench start: {e.Message}");
            return 1;
        }
        finally
        {
            File.Delete(synthesizedPath);
        }
    }

    private static int MeasureHere(string path, TextWriter output, TextWriter error)
    {
        try
        {
            output.WriteLine(StartBenchmark.Measure(path).Line());
            return 0;
        }
        catch (WasmException e)
        {
            error.WriteLine($"{path}: {e.Message}");
            return 1;
        }
    }
}
