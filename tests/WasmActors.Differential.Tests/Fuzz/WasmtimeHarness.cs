using System.Buffers.Binary;
using Wasmtime;
using ValType = WasmActors.Wasm.Model.ValType;

namespace WasmActors.Differential.Tests.Fuzz;

/// <summary>Runs a fuzz module in Wasmtime exactly as <see cref="OurEngineHarness"/> runs it in this engine.</summary>
public static class WasmtimeHarness
{
    /// <summary>WebAssembly 2.0 (fixed-width SIMD included), as this engine: later proposals Wasmtime enables by default are off.</summary>
    private static readonly Lazy<Engine> SharedEngine = new(() => new Engine(new Config()
        .WithReferenceTypes(true)
        .WithMultiValue(true)
        .WithBulkMemory(true)
        .WithSIMD(true)
        .WithRelaxedSIMD(false, false)
        .WithFunctionReferences(false)
        .WithGc(false)
        .WithTailCalls(false)
        .WithMultiMemory(false)
        .WithMemory64(false)
        .WithExceptions(false)
        .WithFuelConsumption(true)));

    public static ModuleOutcome Run(byte[] wasm, int seed)
    {
        var engine = SharedEngine.Value;
        using var module = Module.FromBytes(engine, "fuzz", wasm);
        using var linker = new Linker(engine);
        using var store = new Store(engine);
        var logs = new List<TypedValue>();
        linker.DefineFunction(FuzzImports.Module, "log-i32", (int v) => logs.Add(new TypedValue(ValType.I32, (uint)v)));
        linker.DefineFunction(FuzzImports.Module, "log-i64", (long v) => logs.Add(new TypedValue(ValType.I64, (ulong)v)));
        linker.DefineFunction(FuzzImports.Module, "log-f32", (float v) => logs.Add(new TypedValue(ValType.F32, BitConverter.SingleToUInt32Bits(v))));
        linker.DefineFunction(FuzzImports.Module, "log-f64", (double v) => logs.Add(new TypedValue(ValType.F64, BitConverter.DoubleToUInt64Bits(v))));
        linker.DefineFunction(FuzzImports.Module, "log-v128", (V128 v) => logs.Add(FromV128(v)));

        Instance instance;
        try
        {
            store.Fuel = WorkBudget.Fuel;
            instance = linker.Instantiate(store, module);
        }
        catch (TrapException trap)
        {
            return new ModuleOutcome(Classify(trap), trap.Message, [], null);
        }

        var hangLimit = instance.GetFunction(OurEngineHarness.HangLimitInitializer);
        var calls = new List<CallOutcome>();
        var functionExports = module.Exports.OfType<FunctionExport>().ToList();
        for (var i = 0; i < functionExports.Count; i++)
        {
            var export = functionExports[i];
            var function = instance.GetFunction(export.Name) ?? throw new InvalidOperationException("missing export " + export.Name);
            var parameters = export.Parameters.Select(ToValType).ToArray();
            var results = export.Results.Select(ToValType).ToArray();
            var arguments = ExportArguments.For(seed, i, parameters).Select(Box).ToArray();
            try
            {
                // One budget for the hang-limit reset and the call; this engine gets one for each, never less.
                store.Fuel = WorkBudget.Fuel;
                hangLimit?.Invoke();
                logs.Clear();
                var returned = function.Invoke(arguments);
                var values = results.Length switch
                {
                    0 => [],
                    1 => [returned],
                    _ => (object?[])returned!,
                };
                calls.Add(new CallOutcome(export.Name, [.. logs], values.Select((v, r) => Unbox(results[r], v)).ToList(), null, null)
                {
                    MemoryHash = HashNow(instance, module),
                });
            }
            catch (TrapException trap)
            {
                calls.Add(new CallOutcome(export.Name, [.. logs], [], Classify(trap), FirstLine(trap.Message)) { MemoryHash = HashNow(instance, module) });
                if (trap.Type == TrapCode.OutOfFuel)
                {
                    break;
                }
            }
        }

        return new ModuleOutcome(null, null, calls, ExportedMemory(instance, module));
    }

    /// <summary>Null when Wasmtime accepts the module, else its reason.</summary>
    public static string? Validate(byte[] wasm) => Module.Validate(SharedEngine.Value, wasm);

    private static TrapKind Classify(TrapException trap) => trap.Type switch
    {
        TrapCode.Unreachable => TrapKind.Unreachable,
        TrapCode.MemoryOutOfBounds => TrapKind.MemoryOutOfBounds,
        TrapCode.TableOutOfBounds => TrapKind.TableOutOfBounds,
        TrapCode.IndirectCallToNull => TrapKind.NullFunction,
        TrapCode.BadSignature => TrapKind.SignatureMismatch,
        TrapCode.IntegerOverflow => TrapKind.IntegerOverflow,
        TrapCode.IntegerDivisionByZero => TrapKind.DivideByZero,
        TrapCode.BadConversionToInteger => TrapKind.BadConversion,
        TrapCode.StackOverflow => TrapKind.StackOverflow,
        TrapCode.OutOfFuel => TrapKind.OutOfBudget,
        _ => TrapKind.Other,
    };

    private static string FirstLine(string message) =>
        message.Split('\n').LastOrDefault(l => l.Contains("wasm trap", StringComparison.Ordinal))?.Trim() ?? message.Split('\n')[0];

    private static ValType ToValType(ValueKind kind) => kind switch
    {
        ValueKind.Int32 => ValType.I32,
        ValueKind.Int64 => ValType.I64,
        ValueKind.Float32 => ValType.F32,
        ValueKind.Float64 => ValType.F64,
        ValueKind.FuncRef => ValType.FuncRef,
        ValueKind.ExternRef => ValType.ExternRef,
        ValueKind.V128 => ValType.V128,
        _ => throw new InvalidOperationException($"an export has a {kind} parameter or result, which WebAssembly 2.0 does not have"),
    };

    private static ValueBox Box(TypedValue value) => value.Type switch
    {
        ValType.I32 => (int)(uint)value.Bits,
        ValType.I64 => (long)value.Bits,
        ValType.F32 => BitConverter.UInt32BitsToSingle((uint)value.Bits),
        ValType.F64 => BitConverter.UInt64BitsToDouble(value.Bits),
        ValType.V128 => ToV128(value),
        ValType.FuncRef => Function.Null,
        _ => ValueBox.AsBox((object?)null),
    };

    private static TypedValue Unbox(ValType type, object? value) => type switch
    {
        ValType.I32 => new(type, (uint)(int)value!),
        ValType.I64 => new(type, (ulong)(long)value!),
        ValType.F32 => new(type, BitConverter.SingleToUInt32Bits((float)value!)),
        ValType.F64 => new(type, BitConverter.DoubleToUInt64Bits((double)value!)),
        ValType.V128 => FromV128((V128)value!),
        _ => new(type, value is null || (value is Function f && f.IsNull) ? 0UL : 1UL),
    };

    /// <summary>Wasmtime's V128 is 16 bytes in memory order: the low half is bytes 0..7, little-endian.</summary>
    private static V128 ToV128(TypedValue value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value.Bits);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], value.High);
        return new V128(bytes);
    }

    private static TypedValue FromV128(V128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.CopyTo(bytes);
        return new TypedValue(ValType.V128, BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));
    }

    private static string HashNow(Instance instance, Module module) =>
        ExportedMemory(instance, module) is { } memory ? MemoryHashes.Of(memory) : "";

    private static byte[]? ExportedMemory(Instance instance, Module module)
    {
        var export = module.Exports.OfType<MemoryExport>().FirstOrDefault();
        var memory = export is null ? null : instance.GetMemory(export.Name);
        return memory?.GetSpan(0, checked((int)memory.GetLength())).ToArray();
    }
}
