using System.Runtime.Intrinsics;
using WasmActors.Wasm;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Bench.Wast;

/// <summary>The commands that run code: <c>action</c>, <c>assert_return</c>, <c>assert_trap</c>, <c>assert_exhaustion</c>.</summary>
internal sealed partial class WastFileRunner
{
    private CommandOutcome PerformAction(WastCommand command)
    {
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

        return Matches(expected, result)
            ? CommandOutcome.Pass
            : CommandOutcome.Fail(expectedText, result.ToString(), "invoke: wrong result");
    }

    private CommandOutcome AssertTrap(WastCommand command) => ExpectTrap(command, "invoke: no trap");

    private CommandOutcome AssertExhaustion(WastCommand command) => ExpectTrap(command, "invoke: no exhaustion");

    private CommandOutcome ExpectTrap(WastCommand command, string missingCause)
    {
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
                if (_compileEveryFunction)
                {
                    Tiering.CompileEveryFunction(instance);
                }

                var results = EngineCalls.Call(EngineStage.Invoke, () => Executor.Invoke(_store, function, arguments));
                return new ActionResult(function.Type.Results, results);
            case "get":
                var global = export as GlobalInstance ?? throw MissingExport("global", action);
                if (global.Type.Type == ValType.V128)
                {
                    var halves = V128Globals.Read(global).AsUInt64();
                    return new ActionResult([global.Type.Type], [halves.GetElement(0), halves.GetElement(1)]);
                }

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

        var raw = new List<ulong>(args.Count);
        foreach (var arg in args)
        {
            ValueCodec.AppendArgument(arg, raw);
        }

        return [.. raw];
    }

    /// <summary>Whether the results have the expected types and values (a v128 result is two raw values).</summary>
    private static bool Matches(ExpectedValue[] expected, ActionResult result)
    {
        if (result.Types.Length != expected.Length)
        {
            return false;
        }

        var slot = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i].Type != result.Types[i] || slot + expected[i].Slots > result.Values.Length
                || !expected[i].Matches(result.Values.AsSpan(slot, expected[i].Slots)))
            {
                return false;
            }

            slot += expected[i].Slots;
        }

        return slot == result.Values.Length;
    }

    private static ActionException MissingExport(string kind, WastAction action) =>
        new($"no exported {kind} \"{action.Field}\"", "instantiate: missing export");

    /// <summary>The values an action produced (raw: two for a v128), with the types the export declares.</summary>
    private readonly record struct ActionResult(ValType[] Types, ulong[] Values)
    {
        public override string ToString()
        {
            var parts = new List<string>();
            var slot = 0;
            for (var i = 0; slot < Values.Length; i++)
            {
                var type = i < Types.Length ? Types[i] : ValType.I64;
                if (type == ValType.V128 && slot + 1 < Values.Length)
                {
                    parts.Add(V128Codec.Format(Values[slot], Values[slot + 1]));
                    slot += 2;
                }
                else
                {
                    parts.Add(ValueCodec.Format(type, Values[slot++]));
                }
            }

            return $"[{string.Join(", ", parts)}]";
        }
    }
}

/// <summary>An action cannot be performed as written (missing export, arguments of the wrong types).</summary>
internal sealed class ActionException : Exception
{
    public ActionException(string message, string cause)
        : base(message)
    {
        Cause = cause;
    }

    public string Cause { get; }
}
