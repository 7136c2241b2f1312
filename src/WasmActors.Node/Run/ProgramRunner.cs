using System.Text;
using WasmActors.Wasm;
using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Validation;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Node.Run;

/// <summary>The program's standard streams, and whether they are terminals (wasi-libc then line-buffers stdout).</summary>
internal sealed record RunStreams(Stream Input, Stream Output, Stream Error, bool Terminal = false);

/// <summary>
/// Runs a WASI module the way <c>wasmtime run</c> does and returns the process exit status: 0 when the entry point
/// returns, the proc_exit status, <see cref="TrapReport.TrapExitCode"/> after a trap (reported on stderr), and
/// <see cref="RunSetupException.ExitCode"/> when the program cannot start at all.
/// </summary>
internal static class ProgramRunner
{
    private const string InitializeExport = "_initialize";
    private const string DefaultExport = "";

    public static int Run(RunOptions options, RunStreams streams)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(streams);
        try
        {
            return RunChecked(options, streams);
        }
        catch (RunSetupException e)
        {
            WriteText(streams.Error, $"wasmactors run: {e.Message}\n");
            return RunSetupException.ExitCode;
        }
        finally
        {
            streams.Output.Flush();
            streams.Error.Flush();
        }
    }

    private static int RunChecked(RunOptions options, RunStreams streams)
    {
        var engine = EngineConfig.Default;
        if (options.MaxMemory is { } maxMemory)
        {
            try
            {
                engine = engine with { MaxMemoryPages = MemorySize.ParsePages(maxMemory) };
            }
            catch (FormatException e)
            {
                throw new RunSetupException($"--max-memory: {e.Message}", e);
            }
        }

        if (options.Fuel is < 0)
        {
            throw new RunSetupException($"--fuel: expected a non-negative number, got {options.Fuel}");
        }

        var module = LoadModule(options.ModulePath, engine);
        foreach (var memory in module.Memories)
        {
            if (memory.Limits.Min > engine.MaxMemoryPages)
            {
                throw new RunSetupException(
                    $"{options.ModulePath}: memory minimum size of {memory.Limits.Min} pages exceeds the memory limit of {engine.MaxMemoryPages} pages");
            }
        }

        var config = new WasiConfig
        {
            Arguments = ProgramEnvironment.Arguments(options.ModulePath, options.Arguments),
            Environment = ProgramEnvironment.Environment(options.Environment, System.Environment.GetEnvironmentVariable),
            Preopens = ProgramEnvironment.Preopens(options.Directories),
            StandardInput = streams.Input,
            StandardOutput = streams.Output,
            StandardError = streams.Error,
            StandardStreamsAreTerminals = streams.Terminal,
        };

        using var wasi = new WasiContext(config);
        var store = new Store(engine);
        var run = new GuestCalls(store, options.Fuel);
        var context = TrapReport.InstantiateContext(options.ModulePath);
        try
        {
            var instance = Instantiate(store, module, wasi, options.ModulePath);
            context = TrapReport.InvokeContext(options.Invoke);
            if (instance.Exports.GetValueOrDefault(InitializeExport) is FunctionInstance initialize)
            {
                run.Call(initialize, []);
            }

            var entry = FindEntry(instance, options.Invoke);
            if (entry is null)
            {
                return 0;
            }

            var arguments = PrepareArguments(entry, options, streams.Error);
            var results = run.Call(entry, arguments);
            if (results.Length > 0)
            {
                WriteText(streams.Error, "warning: using `--invoke` with a function that returns values is experimental and may break in the future\n");
                var text = new StringBuilder();
                var slot = 0;
                foreach (var type in entry.Type.Results)
                {
                    // A v128 result is two raw values, low half first; it prints as one unsigned 128-bit number.
                    text.Append(type == Wasm.Model.ValType.V128
                        ? new UInt128(results[slot + 1], results[slot]).ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : InvokeValues.Format(type, results[slot])).Append('\n');
                    slot += type == Wasm.Model.ValType.V128 ? 2 : 1;
                }

                WriteText(streams.Output, text.ToString());
            }

            return 0;
        }
        catch (WasmValidationException e)
        {
            throw Invalid(options.ModulePath, e);
        }
        catch (WasiExitException exit) when (exit.ExitCode is >= 0 and < 126)
        {
            return exit.ExitCode;
        }
        catch (WasiExitException)
        {
            // WASI exit statuses are 0..125; wasmtime refuses others with an error rather than a trap.
            Report(streams, options.ModulePath, context, module, [], "exit with invalid exit status outside of [0..126)");
            return TrapReport.ErrorExitCode;
        }
        catch (WasmTrapException trap)
        {
            Report(streams, options.ModulePath, context, module, trap.WasmBacktrace, TrapReport.WasmtimeTrapText(trap.Reason));
            return TrapReport.TrapExitCode;
        }
    }

    private static Wasm.Model.Module LoadModule(string path, EngineConfig engine)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new RunSetupException($"{path}: no such file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunSetupException($"{path}: cannot read: {e.Message}", e);
        }

        try
        {
            // Function bodies are validated when first called (ADR-023): a large module starts without checking code
            // it may never run, and an invalid body is reported as here when a call reaches it.
            var module = ModuleLoader.Load(bytes, engine);
            ModuleValidator.ValidateExceptBodies(module);
            return module;
        }
        catch (WasmLoadException e)
        {
            throw new RunSetupException($"{path}: not a valid WebAssembly module: {e.Message}", e);
        }
        catch (WasmValidationException e)
        {
            throw Invalid(path, e);
        }
    }

    private static RunSetupException Invalid(string path, WasmValidationException e) => new($"{path}: invalid WebAssembly module: {e.Message}", e);

    private static ModuleInstance Instantiate(Store store, Wasm.Model.Module module, WasiContext wasi, string path)
    {
        try
        {
            return WasiProgram.Instantiate(store, module, wasi);
        }
        catch (WasmLinkException e)
        {
            throw new RunSetupException($"{path}: {Unsupported(e.Reason)}", e);
        }
    }

    private static string Unsupported(string reason) =>
        reason.StartsWith("unknown import", StringComparison.Ordinal) ? "unsupported import: " + reason["unknown import: ".Length..] : reason;

    private static FunctionInstance? FindEntry(ModuleInstance instance, string? invoke)
    {
        if (invoke is not null)
        {
            return instance.Exports.GetValueOrDefault(invoke) as FunctionInstance
                ?? throw new RunSetupException($"no func export named `{invoke}` found");
        }

        return instance.Exports.GetValueOrDefault(DefaultExport) as FunctionInstance
            ?? instance.Exports.GetValueOrDefault(WasiProgram.EntryPoint) as FunctionInstance;
    }

    private static ulong[] PrepareArguments(FunctionInstance entry, RunOptions options, Stream error)
    {
        var parameters = entry.Type.Parameters;
        if (parameters.Length == 0)
        {
            return [];
        }

        var name = options.Invoke ?? "command default";
        var arguments = InvokeValues.ParseArguments(name, parameters, options.Arguments);
        WriteText(error, "warning: using `--invoke` with a function that takes arguments is experimental and may break in the future\n");
        return arguments;
    }

    private static void Report(RunStreams streams, string modulePath, string context, Wasm.Model.Module module, IReadOnlyList<string> backtrace, string cause)
    {
        streams.Output.Flush();
        var hasDebugInfo = module.CustomSections.Any(c => c.Name == ".debug_info");
        var text = TrapReport.Format(modulePath, context, module.Names?.ModuleName, backtrace, cause, hasDebugInfo);
        WriteText(streams.Error, text);
    }

    private static void WriteText(Stream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        stream.Write(bytes);
        stream.Flush();
    }

    /// <summary>Calls guest functions one after another with one fuel budget, as a wasmtime store's fuel is shared.</summary>
    private sealed class GuestCalls(Store store, long? fuel)
    {
        private long? _fuel = fuel;

        public ulong[] Call(FunctionInstance function, ulong[] arguments)
        {
            var machine = new Machine(store) { Fuel = _fuel };
            machine.Start(function, arguments);
            while (machine.Run() == RunStatus.Paused)
            {
                if (machine.PauseReason == PauseReason.FuelExhausted)
                {
                    throw new WasmTrapException(TrapMessages.FuelExhausted, Backtrace(machine));
                }
            }

            _fuel = machine.Fuel;
            return machine.Results;
        }

        private static List<string> Backtrace(Machine machine)
        {
            var frames = new List<string>(machine.FrameCount);
            for (var i = machine.FrameCount - 1; i >= 0; i--)
            {
                frames.Add(machine.GetFrame(i).Function.DisplayName);
            }

            return frames;
        }
    }
}
