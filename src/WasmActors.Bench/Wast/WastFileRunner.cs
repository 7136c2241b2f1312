using WasmActors.Wasm;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Bench.Wast;

/// <summary>
/// Runs the commands of one converted spec test file against the engine: one <see cref="Store"/> per file, a
/// <see cref="Linker"/> holding the spectest module and the registered modules. Every command ends as passed,
/// failed or skipped; nothing a module or the engine does ends the run.
/// </summary>
internal sealed partial class WastFileRunner
{
    public const string TextModuleSkipReason = "text format not supported";
    private const string ModuleUnavailableCause = "module unavailable";

    private readonly string _directory;
    private readonly FileResultBuilder _results;
    private readonly Store _store;
    private readonly Linker _linker = new();
    private readonly ModuleRegistry _modules = new();
    private readonly bool _compileEveryFunction;

    private WastFileRunner(string directory, FileResultBuilder results, EngineConfig config, bool compileEveryFunction)
    {
        _directory = directory;
        _compileEveryFunction = compileEveryFunction;
        _results = results;
        _store = new Store(config);
        SpectestHost.Define(_store, _linker);
    }

    /// <summary>The file's name as reports show it: <c>address</c> for <c>.../address/address.json</c>.</summary>
    public static string NameOf(string jsonPath) => Path.GetFileNameWithoutExtension(jsonPath);

    /// <summary>Whether the file tests fixed-width SIMD (the spec tests keep a ratchet list of those that pass).</summary>
    public static bool IsSimdFile(string name) => name.StartsWith("simd_", StringComparison.Ordinal);

    /// <summary>Reads and runs <paramref name="jsonPath"/>, recording into <paramref name="results"/>.</summary>
    public static void Run(string jsonPath, FileResultBuilder results, EngineConfig? config = null, bool compileEveryFunction = false)
    {
        WastScript script;
        try
        {
            script = WastScript.Parse(File.ReadAllText(jsonPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or WastFormatException)
        {
            results.Record(0, "(file)", CommandOutcome.Fail("a readable wast2json file", e.Message, "runner: unreadable file"));
            return;
        }

        results.ExpectCommands(script.Commands.Count);
        var runner = new WastFileRunner(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!, results, config ?? EngineConfig.Default, compileEveryFunction);
        foreach (var command in script.Commands)
        {
            results.Starting(command.Line);
            var outcome = runner.Execute(command);
            results.Record(command.Line, command.Type, outcome);
        }
    }

    private CommandOutcome Execute(WastCommand command)
    {
        try
        {
            return command.Type switch
            {
                "module" => DefineModule(command),
                "register" => Register(command),
                "assert_malformed" => AssertMalformed(command),
                "assert_invalid" => AssertInvalid(command),
                "assert_unlinkable" => AssertUnlinkable(command),
                "assert_uninstantiable" => AssertUninstantiable(command),
                "action" => PerformAction(command),
                "assert_return" => AssertReturn(command),
                // The text format also allows assert_trap on a module (a trap while instantiating); wast2json
                // writes that as assert_uninstantiable, but other converters may not.
                "assert_trap" when command.Action is null && command.Filename is not null => AssertUninstantiable(command),
                "assert_trap" => AssertTrap(command),
                "assert_exhaustion" => AssertExhaustion(command),
                _ => CommandOutcome.Fail("a known command", $"unknown command type \"{command.Type}\"", "runner: unknown command"),
            };
        }
        catch (ModuleUnavailableException e)
        {
            return CommandOutcome.Fail("a usable module", e.Message, ModuleUnavailableCause);
        }
        catch (ActionException e)
        {
            return CommandOutcome.Fail(ExpectationOf(command), e.Message, e.Cause);
        }
        catch (EngineFaultException e)
        {
            return CommandOutcome.Fail(ExpectationOf(command), e.Message, e.Cause);
        }
        catch (WastFormatException e)
        {
            return CommandOutcome.Fail("a well-formed command", e.Message, "runner: bad command");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The engine's own exceptions are handled per command; reaching here means a case the runner did not foresee.
            return CommandOutcome.Fail(ExpectationOf(command), EngineCalls.Describe(e), $"runner: unexpected {e.GetType().Name}");
        }
    }

    /// <summary>A short statement of what a command expects, for failures caught outside its own handler.</summary>
    private static string ExpectationOf(WastCommand command) => command.Type switch
    {
        "module" => "the module to instantiate",
        "register" => "the module to register",
        "assert_malformed" => $"malformed \"{command.Text}\"",
        "assert_invalid" => $"invalid \"{command.Text}\"",
        "assert_unlinkable" => $"unlinkable \"{command.Text}\"",
        "assert_uninstantiable" => $"instantiation trap \"{command.Text}\"",
        "assert_trap" or "assert_exhaustion" => $"trap \"{command.Text}\"",
        "action" => "no trap",
        "assert_return" => ExpectedResults(command),
        _ => "results",
    };

    private static string ExpectedResults(WastCommand command)
    {
        try
        {
            return $"[{string.Join(", ", (command.Expected ?? []).Select(ValueCodec.ParseExpected))}]";
        }
        catch (WastFormatException e)
        {
            return $"results ({e.Message})";
        }
    }
}
