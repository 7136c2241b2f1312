using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using static WasmActors.Wasm.Tests.Execution.ExecutionModules;

namespace WasmActors.Wasm.Tests.Execution;

public sealed class TrapTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "unreachable", TrapMessages.Unreachable },
        { "div_by_zero", TrapMessages.IntegerDivideByZero },
        { "rem_by_zero", TrapMessages.IntegerDivideByZero },
        { "div_overflow", TrapMessages.IntegerOverflow },
        { "trunc_nan", TrapMessages.InvalidConversionToInteger },
        { "trunc_overflow", TrapMessages.IntegerOverflow },
        { "load_out_of_bounds", TrapMessages.OutOfBoundsMemory },
        { "store_out_of_bounds", TrapMessages.OutOfBoundsMemory },
        { "fill_out_of_bounds", TrapMessages.OutOfBoundsMemory },
        { "table_out_of_bounds", TrapMessages.OutOfBoundsTable },
        { "call_undefined", TrapMessages.UndefinedElement },
        { "call_uninitialized", TrapMessages.UninitializedElement },
        { "call_wrong_type", TrapMessages.IndirectCallTypeMismatch },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrapsWithTheSpecMessageAndABacktrace(string name, string message)
    {
        foreach (var compiled in new[] { false, true })
        {
            AssertTrap(name, message, compiled);
        }
    }

    private static void AssertTrap(string name, string message, bool compiled)
    {
        var store = new Store();
        var instance = Instantiate(Traps(), store);
        TierTests.PinTier(instance, compiled);

        var trap = Assert.Throws<WasmTrapException>(() => Executor.Invoke(store, instance.GetFunction("outer_" + name), []));

        Assert.Equal(message, trap.Reason);
        Assert.Equal([name, "outer_" + name], trap.WasmBacktrace);
    }

    [Fact]
    public void RemainderOfMinByMinusOneIsZeroNotATrap()
    {
        var module = Build([VoidToI32], ("rem", 0, [], [I32(int.MinValue), I32(-1), Op(Opcode.I32RemS)]));
        var store = new Store();
        Assert.Equal(0UL, Executor.Invoke(store, Instantiate(module, store).GetFunction("rem"), [])[0]);
    }

    [Fact]
    public void AFailedMachineCannotContinue()
    {
        var store = new Store();
        var instance = Instantiate(Traps(), store);
        var machine = new Machine(store);
        machine.Start(instance.GetFunction("unreachable"), []);
        Assert.Throws<WasmTrapException>(() => machine.Run());
        Assert.Equal(MachineState.Failed, machine.State);
        Assert.Throws<InvalidOperationException>(() => machine.Run());
    }

    /// <summary>One function per trap, each called through an "outer_" function so the backtrace has two frames.</summary>
    private static Module Traps()
    {
        var bodies = new (string Name, Instruction[] Code)[]
        {
            ("unreachable", [Op(Opcode.Unreachable)]),
            ("div_by_zero", [I32(1), I32(0), Op(Opcode.I32DivU), Op(Opcode.Drop)]),
            ("rem_by_zero", [I64(1), I64(0), Op(Opcode.I64RemS), Op(Opcode.Drop)]),
            ("div_overflow", [I32(int.MinValue), I32(-1), Op(Opcode.I32DivS), Op(Opcode.Drop)]),
            ("trunc_nan", [new Instruction(Opcode.F64Const, c: BitConverter.DoubleToUInt64Bits(double.NaN)), Op(Opcode.I32TruncF64S), Op(Opcode.Drop)]),
            ("trunc_overflow", [new Instruction(Opcode.F32Const, c: BitConverter.SingleToUInt32Bits(3e9f)), Op(Opcode.I32TruncF32S), Op(Opcode.Drop)]),
            ("load_out_of_bounds", [I32(65533), Op(Opcode.I32Load, 2), Op(Opcode.Drop)]),
            ("store_out_of_bounds", [I32(-1), I32(7), Op(Opcode.I32Store8, 0, 0, 1)]),
            ("fill_out_of_bounds", [I32(65000), I32(0), I32(1000), Op(Opcode.MemoryFill)]),
            ("table_out_of_bounds", [I32(2), Op(Opcode.TableGet, 0), Op(Opcode.Drop)]),
            ("call_undefined", [I32(5), Op(Opcode.CallIndirect, 0, 0)]),
            ("call_uninitialized", [I32(1), Op(Opcode.CallIndirect, 0, 0)]),
            ("call_wrong_type", [I32(0), Op(Opcode.CallIndirect, 1, 0), Op(Opcode.Drop)]),
        };

        var functions = bodies.Select(b => (b.Name, 0u, Array.Empty<ValType>(), b.Code)).ToList();
        for (var i = 0; i < bodies.Length; i++)
        {
            functions.Add(("outer_" + bodies[i].Name, 0u, [], [Op(Opcode.Call, (uint)i)]));
        }

        var module = Build([VoidToVoid, VoidToI32], [.. functions]);
        module.Memories.Add(new MemoryType(new Limits(1, 1)));
        module.Tables.Add(new TableType(ValType.FuncRef, new Limits(2, 2)));

        // Table slot 0 holds "unreachable" (type [] -> []); slot 1 stays null.
        module.Elements.Add(new ElementSegment(
            SegmentMode.Active, 0, new ConstExpr([I32(0), Op(Opcode.End)]), ValType.FuncRef, [new ConstExpr([Op(Opcode.RefFunc, 0), Op(Opcode.End)])]));
        return module;
    }
}
