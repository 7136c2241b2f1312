using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Validation;
using static WasmActors.Wasm.Tests.Execution.ExecutionModules;

namespace WasmActors.Wasm.Tests.Execution;

/// <summary>
/// Fixed-width SIMD is decoded, validated and executed; these check the validator and the executor on hand-built
/// code (the spec's SIMD modules are checked by WasmActors.Bench.Tests, which holds the spec-suite runner).
/// </summary>
public sealed class SimdLoadingTests
{
    [Fact]
    public void AnOutOfRangeLaneIsInvalid()
    {
        var type = new FuncType([], [ValType.I32]);
        var module = Build([type], ("f", 0, [], [
            new Instruction(Opcode.V128Const, 0, 0, 0, 0, 0),
            Op(Opcode.I32x4ExtractLane, 4),
        ]));
        var error = Assert.Throws<WasmValidationException>(() => ModuleValidator.Validate(module));
        Assert.StartsWith("invalid lane index", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shuffle lane 32", "invalid lane index")]
    [InlineData("load8_lane lane 16", "invalid lane index")]
    [InlineData("v128.load align 32 bytes", "alignment must not be larger than natural")]
    [InlineData("load64_splat align 16 bytes", "alignment must not be larger than natural")]
    [InlineData("i8x16.shl shifted by an i64", "type mismatch")]
    public void SimdImmediatesAndOperandsAreChecked(string shape, string reason)
    {
        Instruction[] code = shape switch
        {
            "shuffle lane 32" => [V128(0), V128(0), new Instruction(Opcode.I8x16Shuffle, 0, 0, 32, 0, 0), Op(Opcode.Drop)],
            "load8_lane lane 16" => [I32(0), V128(0), new Instruction(Opcode.V128Load8Lane, 0, 0, 0, 16, 0), Op(Opcode.Drop)],
            "v128.load align 32 bytes" => [I32(0), Op(Opcode.V128Load, 5), Op(Opcode.Drop)],
            "load64_splat align 16 bytes" => [I32(0), Op(Opcode.V128Load64Splat, 4), Op(Opcode.Drop)],
            _ => [V128(0), I64(1), Op(Opcode.I8x16Shl), Op(Opcode.Drop)],
        };
        var module = Build([VoidToVoid], ("f", 0, [], code));
        module.Memories.Add(new MemoryType(new Limits(1, null)));

        var error = Assert.Throws<WasmValidationException>(() => ModuleValidator.Validate(module));
        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WellTypedSimdCodeValidates()
    {
        var module = Build([new FuncType([ValType.V128], [ValType.I32])], ("f", 0, [ValType.V128], [
            Get(0), I32(0), Op(Opcode.V128Load, 4), Op(Opcode.I8x16Add),
            V128(1), new Instruction(Opcode.I8x16Shuffle, 0, 0, 0x1F1E1D1C_03020100, 0x0F0E0D0C_13121110, 0),
            Set(1), Get(1), I32(3), Op(Opcode.I32x4Shl), I64(9), Op(Opcode.I64x2ReplaceLane, 1),
            Op(Opcode.V128AnyTrue),
        ]));
        module.Memories.Add(new MemoryType(new Limits(1, null)));

        ModuleValidator.Validate(module);
        Assert.Equal(ValType.V128, module.Functions[0].Locals[0]);
    }

    [Fact]
    public void AFunctionUsingV128RunsBesideOthers()
    {
        var toI32 = new FuncType([], [ValType.I32]);
        var module = Build([toI32], ("simd", 0, [], [
            new Instruction(Opcode.V128Const, 0, 0, 7, 0, 0),
            Op(Opcode.I32x4ExtractLane, 0),
        ]), ("plain", 0, [], [I32(5)]));

        var store = new Store();
        var instance = Instantiate(module, store);
        Assert.Equal(7UL, Executor.Invoke(store, instance.GetFunction("simd"), [])[0]);
        Assert.Equal(5UL, Executor.Invoke(store, instance.GetFunction("plain"), [])[0]);
    }

    private static Instruction V128(ulong low) => new(Opcode.V128Const, 0, 0, low, 0, 0);
}
