using WasmActors.Wasm;
using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Validation;

namespace WasmActors.Differential.Tests.Fuzz;

/// <summary>
/// Runs a fuzz module in this engine: every function export in order, each after resetting the hang limit, in a store
/// with the given settings (null: the defaults); with <c>compileEveryFunction</c>, every function runs in the CIL tier.
/// </summary>
public static class OurEngineHarness
{
    public const string HangLimitInitializer = "hangLimitInitializer";

    public static ModuleOutcome Run(byte[] wasm, int seed, EngineConfig? config = null, bool compileEveryFunction = false)
    {
        var module = ModuleLoader.Load(wasm);
        ModuleValidator.Validate(module);
        var logs = new List<TypedValue>();
        var linker = new Linker();
        foreach (var (name, type) in FuzzImports.LogFunctions)
        {
            linker.Define(FuzzImports.Module, name, new HostFunction(new FuncType([type], []), (_, arguments, _) => logs.Add(new TypedValue(type, arguments[0], type == ValType.V128 ? arguments[1] : 0)), name));
        }

        var store = new Store(config);
        ModuleInstance instance;
        try
        {
            instance = Instantiator.Instantiate(store, module, linker);
        }
        catch (WasmTrapException trap)
        {
            return new ModuleOutcome(Classify(trap.Reason), trap.Reason, [], null);
        }

        if (compileEveryFunction)
        {
            Tiering.CompileEveryFunction(instance);
        }

        var hangLimit = instance.Exports.GetValueOrDefault(HangLimitInitializer) as FunctionInstance;
        var calls = new List<CallOutcome>();
        var functionExports = module.Exports.Where(e => e.Kind == ExternalKind.Function).ToList();
        for (var i = 0; i < functionExports.Count; i++)
        {
            var export = functionExports[i];
            var function = (FunctionInstance)instance.Exports[export.Name];
            var arguments = ExportArguments.For(seed, i, function.Type.Parameters);
            try
            {
                if (hangLimit is not null && InvokeWithinBudget(store, hangLimit, []) is null)
                {
                    calls.Add(OutOfBudget(export.Name, logs, instance, module));
                    break;
                }

                logs.Clear();
                if (InvokeWithinBudget(store, function, ToSlots(arguments)) is not { } raw)
                {
                    calls.Add(OutOfBudget(export.Name, logs, instance, module));
                    break;
                }

                var results = FromSlots(function.Type.Results, raw);
                calls.Add(new CallOutcome(export.Name, [.. logs], results, null, null) { MemoryHash = HashNow(instance, module) });
            }
            catch (WasmTrapException trap)
            {
                calls.Add(new CallOutcome(export.Name, [.. logs], [], Classify(trap.Reason), trap.Reason) { MemoryHash = HashNow(instance, module) });
            }
        }

        return new ModuleOutcome(null, null, calls, ExportedMemory(instance, module));
    }

    /// <summary>The raw results, or null when the call used up <see cref="WorkBudget.Fuel"/>.</summary>
    private static ulong[]? InvokeWithinBudget(Store store, FunctionInstance function, ReadOnlySpan<ulong> arguments)
    {
        var machine = new Machine(store);
        machine.Start(function, arguments);
        machine.Fuel = WorkBudget.Fuel;
        while (machine.Run() == RunStatus.Paused)
        {
            if (machine.PauseReason == PauseReason.FuelExhausted)
            {
                return null;
            }
        }

        return machine.Results;
    }

    private static CallOutcome OutOfBudget(string export, List<TypedValue> logs, ModuleInstance instance, Module module) =>
        new(export, [.. logs], [], TrapKind.OutOfBudget, $"used up {WorkBudget.Fuel} fuel") { MemoryHash = HashNow(instance, module) };

    /// <summary>Null when the module loads and validates, else the reason.</summary>
    public static string? Validate(byte[] wasm)
    {
        try
        {
            ModuleValidator.Validate(ModuleLoader.Load(wasm));
            return null;
        }
        catch (WasmException e)
        {
            return e.Message;
        }
    }

    public static TrapKind Classify(string reason) => reason switch
    {
        TrapMessages.Unreachable => TrapKind.Unreachable,
        TrapMessages.OutOfBoundsMemory => TrapKind.MemoryOutOfBounds,
        TrapMessages.OutOfBoundsTable or TrapMessages.UndefinedElement => TrapKind.TableOutOfBounds,
        TrapMessages.UninitializedElement => TrapKind.NullFunction,
        TrapMessages.IndirectCallTypeMismatch => TrapKind.SignatureMismatch,
        TrapMessages.IntegerOverflow => TrapKind.IntegerOverflow,
        TrapMessages.IntegerDivideByZero => TrapKind.DivideByZero,
        TrapMessages.InvalidConversionToInteger => TrapKind.BadConversion,
        TrapMessages.CallStackExhausted => TrapKind.StackOverflow,
        _ => TrapKind.Other,
    };

    /// <summary>The engine's raw values: one per value, two for a v128 (low half first).</summary>
    private static ulong[] ToSlots(IEnumerable<TypedValue> values) =>
        [.. values.SelectMany(v => v.Type == ValType.V128 ? [v.Bits, v.High] : new[] { v.Bits })];

    private static List<TypedValue> FromSlots(IReadOnlyList<ValType> types, IReadOnlyList<ulong> raw)
    {
        var values = new List<TypedValue>(types.Count);
        var slot = 0;
        foreach (var type in types)
        {
            if (type == ValType.V128)
            {
                values.Add(new TypedValue(type, raw[slot], raw[slot + 1]));
                slot += 2;
            }
            else
            {
                values.Add(Normalize(type, raw[slot++]));
            }
        }

        return values;
    }

    private static TypedValue Normalize(ValType type, ulong bits) =>
        new(type, type.IsReference() ? (bits == RefValue.Null ? 0UL : 1UL) : bits);

    private static string HashNow(ModuleInstance instance, Module module) =>
        ExportedMemory(instance, module) is { } memory ? MemoryHashes.Of(memory) : "";

    private static byte[]? ExportedMemory(ModuleInstance instance, Module module)
    {
        var export = module.Exports.FirstOrDefault(e => e.Kind == ExternalKind.Memory);
        if (export is null || instance.Exports[export.Name] is not MemoryInstance memory)
        {
            return null;
        }

        var bytes = new byte[memory.Length];
        memory.Read(0, bytes);
        return bytes;
    }
}
