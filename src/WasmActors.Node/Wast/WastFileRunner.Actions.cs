using WasmActors.Wasm;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Node.Wast;

/// <summary>The commands that run code: <c>action</c>, <c>assert_return</c>, <c>assert_trap</c>, <c>assert_exhaustion</c>.</summary>
public sealed partial class WastFileRunner
{
    private CommandOutcome PerformAction(WastCommand command)
    {
        if (command.UsesV128)
        {
            return CommandOutcome.Skip(SimdSkipReason);
        }

        try
        {
            Perform(command);
            return CommandOutcome.Pass;
        }
        catch (WasmTrapException trap)
        {
            return CommandOutcome.Fail("no trap", EngineCalls.Describe(trap), "invoke: unexpected trap");
        }
    }

    private CommandOutcome AssertReturn(WastCommand command)
    {
        if (command.UsesV128)
        {
            return CommandOutcome.Skip(SimdSkipReason);
        }

        var expected = (command.Expected ?? []).Select(ValueCodec.ParseExpected).ToArray();
        var expectedText = $"[{string.Join(", ", expected)}]";
        ActionResult result;
        try
        {
            result = Perform(command);
        }
        catch (WasmTrapException trap)
        {
            return CommandOutcome.Fail(expectedText, EngineCalls.Describe(trap), "invoke: unexpected trap");
        }

        var matches = result.Values.Length == expected.Length
            && result.Types.Length == expected.Length
            && expected.Select((e, i) => e.Type == result.Types[i] && e.Matches(result.Values[i])).All(m => m);
        return matches
            ? CommandOutcome.Pass
            : CommandOutcome.Fail(expectedText, result.ToString(), "invoke: wrong result");
    }

    private CommandOutcome AssertTrap(WastCommand command) => ExpectTrap(command, "invoke: no trap");

    private CommandOutcome AssertExhaustion(WastCommand command) => ExpectTrap(command, "invoke: no exhaustion");

    private CommandOutcome ExpectTrap(WastCommand command, string missingCause)
    {
        if (command.UsesV128)
        {
            return CommandOutcome.Skip(SimdSkipReason);
        }

        var text = command.Text ?? string.Empty;
        var expected = $"trap \"{text}\"";
        try
        {
            var result = Perform(command);
            return CommandOutcome.Fail(expected, $"returned {result}", missingCause);
        }
        catch (WasmTrapException trap)
        {
            return TrapText.Matches(text, trap.Reason)
                ? CommandOutcome.Pass
                : CommandOutcome.Fail(expected, EngineCalls.Describe(trap), "invoke: wrong trap message");
        }
    }

    /// <summary>Invokes the exported function or reads the exported global the command's action names.</summary>
    private ActionResult Perform(WastCommand command)
    {
        var action = command.Action ?? throw new WastFormatException($"{command.Type} without \"action\"");
        var instance = _modules.Resolve(action.Module);
        instance.Exports.TryGetValue(action.Field, out var export);
        switch (action.Type)
        {
            case "invoke":
                var function = export as FunctionInstance ?? throw MissingExport("function", action);
                var arguments = Arguments(action, function.Type);
                var results = EngineCalls.Call(EngineStage.Invoke, () => Executor.Invoke(_store, function, arguments));
                return new ActionResult(function.Type.Results, results);
            case "get":
                var global = export as GlobalInstance ?? throw MissingExport("global", action);
                return new ActionResult([global.Type.Type], [global.Value]);
            default:
                throw new WastFormatException($"unknown action type \"{action.Type}\"");
        }
    }

    private static ulong[] Arguments(WastAction action, FuncType type)
    {
        var args = action.Args ?? [];
        var types = args.Select(a => ValueCodec.TypeOf(a.Type)).ToArray();
        if (!types.AsSpan().SequenceEqual(type.Parameters))
        {
            throw new ActionException(
                $"arguments [{string.Join(' ', types.Select(t => t.Name()))}] for \"{action.Field}\" of type {type}",
                "runner: arguments do not fit the export");
        }

        return args.Select(ValueCodec.ParseArgument).ToArray();
    }

    private static ActionException MissingExport(string kind, WastAction action) =>
        new($"no exported {kind} \"{action.Field}\"", "instantiate: missing export");

    /// <summary>The values an action produced, with the types the export declares.</summary>
    private readonly record struct ActionResult(ValType[] Types, ulong[] Values)
    {
        public override string ToString()
        {
            var types = Types;
            return $"[{string.Join(", ", Values.Select((v, i) => ValueCodec.Format(i < types.Length ? types[i] : ValType.I64, v)))}]";
        }
    }
}

/// <summary>An action cannot be performed as written (missing export, arguments of the wrong types).</summary>
public sealed class ActionException : Exception
{
    public ActionException(string message, string cause)
        : base(message)
    {
        Cause = cause;
    }

    public string Cause { get; }
}
