using WasmActors.Wasm.Model;
using WasmActors.Wasm.Validation;

namespace WasmActors.Wasm.Tests.Validation;

/// <summary>Builds small modules by hand, with instruction offsets numbered 100, 101, ... so tests can name them.</summary>
internal static class TestModules
{
    public const int FirstOffset = 100;

    public static Instruction Op(Opcode opcode, uint a = 0, uint b = 0, uint[]? labels = null) => new(opcode, a, b, labels: labels);

    public static Instruction Block(Opcode opcode, ValType result) => BlockType.Encode(opcode, new BlockType(BlockTypeKind.SingleValue, (uint)result), 0);

    public static Instruction Block(Opcode opcode) => BlockType.Encode(opcode, new BlockType(BlockTypeKind.Empty, 0), 0);

    public static Instruction BlockOfType(Opcode opcode, uint typeIndex) => BlockType.Encode(opcode, new BlockType(BlockTypeKind.TypeIndex, typeIndex), 0);

    public static ConstExpr Const(params Instruction[] instructions) => new([.. instructions, Op(Opcode.End)]);

    public static ConstExpr I32(uint value) => Const(new Instruction(Opcode.I32Const, c: value));

    /// <summary>A module with one function of type <paramref name="type"/> whose body is <paramref name="body"/> plus the final end.</summary>
    public static Module WithFunction(FuncType type, params Instruction[] body) => WithFunction(type, [], body);

    public static Module WithFunction(FuncType type, ValType[] locals, params Instruction[] body)
    {
        var module = new Module();
        module.Types.Add(type);
        module.Functions.Add(Function(0, locals, body));
        return module;
    }

    public static FunctionBody Function(uint typeIndex, ValType[] locals, params Instruction[] body)
    {
        var numbered = new Instruction[body.Length + 1];
        for (var i = 0; i < body.Length; i++)
        {
            var instruction = body[i];
            numbered[i] = new Instruction(instruction.Opcode, instruction.A, instruction.B, instruction.C, instruction.Labels, FirstOffset + i);
        }

        numbered[^1] = new Instruction(Opcode.End, offset: FirstOffset + body.Length);
        return new FunctionBody(typeIndex, locals, numbered, 0);
    }

    public static FuncType Type(ValType[] parameters, ValType[] results) => new(parameters, results);

    public static readonly FuncType EmptyType = new([], []);

    public static readonly FuncType ReturnsI32 = new([], [ValType.I32]);

    /// <summary>Validates and returns the reason of the expected failure.</summary>
    public static WasmValidationException Invalid(Module module) => Assert.Throws<WasmValidationException>(() => ModuleValidator.Validate(module));
}
