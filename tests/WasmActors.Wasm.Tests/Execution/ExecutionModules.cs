using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Validation;

namespace WasmActors.Wasm.Tests.Execution;

/// <summary>Small hand-built programs for the execution tests, validated and instantiated like any module.</summary>
internal static class ExecutionModules
{
    public static readonly FuncType I32ToI32 = new([ValType.I32], [ValType.I32]);
    public static readonly FuncType I32ToI64 = new([ValType.I32], [ValType.I64]);
    public static readonly FuncType VoidToVoid = new([], []);
    public static readonly FuncType VoidToI32 = new([], [ValType.I32]);

    public static Instruction Op(Opcode opcode, uint a = 0, uint b = 0, ulong c = 0, uint[]? labels = null) => new(opcode, a, b, c, labels);

    public static Instruction I32(int value) => new(Opcode.I32Const, c: (uint)value);

    public static Instruction I64(long value) => new(Opcode.I64Const, c: (ulong)value);

    public static Instruction Get(uint local) => new(Opcode.LocalGet, local);

    public static Instruction Set(uint local) => new(Opcode.LocalSet, local);

    public static Instruction Block(Opcode opcode, ValType? result = null) =>
        BlockType.Encode(opcode, result is { } type ? new BlockType(BlockTypeKind.SingleValue, (uint)type) : new BlockType(BlockTypeKind.Empty, 0), 0);

    public static FunctionBody Body(uint typeIndex, ValType[] locals, params Instruction[] body) =>
        new(typeIndex, locals, [.. body, Op(Opcode.End)], 0);

    /// <summary>A module of the given functions (type i of <paramref name="types"/> per function), each exported and named by its name.</summary>
    public static Module Build(FuncType[] types, params (string Name, uint Type, ValType[] Locals, Instruction[] Code)[] functions)
    {
        var module = new Module();
        module.Types.AddRange(types);
        module.Names = new NameSection();
        for (var i = 0; i < functions.Length; i++)
        {
            var (name, type, locals, code) = functions[i];
            module.Functions.Add(Body(type, locals, code));
            module.Exports.Add(new Export(name, ExternalKind.Function, (uint)i));
            module.Names.FunctionNames[(uint)i] = name;
        }

        return module;
    }

    public static ModuleInstance Instantiate(Module module, Store store, IImportResolver? imports = null)
    {
        ModuleValidator.Validate(module);
        return Instantiator.Instantiate(store, module, imports ?? new Linker());
    }

    /// <summary>fib(n), naive recursion: many calls, so many pause points inside nested frames.</summary>
    public static Module Fib() => Build([I32ToI32], FibFunction);

    /// <summary>fib as function 0 of type 0 (i32 → i32), for modules that call it from functions of their own.</summary>
    public static (string Name, uint Type, ValType[] Locals, Instruction[] Code) FibFunction => ("fib", 0, [], [
        Get(0), I32(2), Op(Opcode.I32LtU),
        Block(Opcode.If, ValType.I32),
            Get(0),
        Op(Opcode.Else),
            Get(0), I32(1), Op(Opcode.I32Sub), Op(Opcode.Call, 0),
            Get(0), I32(2), Op(Opcode.I32Sub), Op(Opcode.Call, 0),
            Op(Opcode.I32Add),
        Op(Opcode.End),
    ]);

    public static int FibReference(int n) => n < 2 ? n : FibReference(n - 1) + FibReference(n - 2);

    /// <summary>
    /// checksum(n): a loop that writes i at (i % 1024) * 4, reads it back and mixes it into an i64 accumulator.
    /// Needs a memory: the module declares one page.
    /// </summary>
    public static Module Checksum()
    {
        const uint n = 0, i = 1, acc = 2;
        var module = Build(
            [I32ToI64],
            ("checksum", 0, [ValType.I32, ValType.I64], [
                Block(Opcode.Block),
                Block(Opcode.Loop),
                    Get(i), Get(n), Op(Opcode.I32GeU), Op(Opcode.BrIf, 1),
                    Get(i), I32(1023), Op(Opcode.I32And), I32(2), Op(Opcode.I32Shl), Get(i), Op(Opcode.I32Store, 2),
                    Get(acc),
                    Get(i), I32(1023), Op(Opcode.I32And), I32(2), Op(Opcode.I32Shl), Op(Opcode.I32Load, 2),
                    Op(Opcode.I64ExtendI32U), Op(Opcode.I64Add), I64(31), Op(Opcode.I64Mul),
                    Get(i), Op(Opcode.I64ExtendI32U), Op(Opcode.I64Xor), Set(acc),
                    Get(i), I32(1), Op(Opcode.I32Add), Set(i),
                    Op(Opcode.Br, 0),
                Op(Opcode.End),
                Op(Opcode.End),
                Get(acc),
            ]));
        module.Memories.Add(new MemoryType(new Limits(1, null)));
        return module;
    }

    public static long ChecksumReference(int n)
    {
        ulong acc = 0;
        for (uint i = 0; i < (uint)n; i++)
        {
            acc = ((acc + i) * 31) ^ i;
        }

        return (long)acc;
    }
}
