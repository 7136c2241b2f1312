using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

/// <summary>Operand and result types of a numeric instruction; <see cref="Right"/> is 0 for unary ones.</summary>
internal readonly record struct NumericSignature(ValType Left, ValType Right, ValType Result)
{
    public bool IsDefined => Result != 0;
}

/// <summary>A load or store: the value type it moves, its natural alignment (log2 of its width) and direction.</summary>
internal readonly record struct MemoryAccess(ValType Type, byte NaturalAlignment, bool IsStore)
{
    public bool IsDefined => Type != 0;
}

/// <summary>
/// Types of the instructions whose typing is fixed by their opcode alone (numeric operators, conversions,
/// loads and stores), as lookup tables so that the body validator checks them without branching per opcode.
/// </summary>
internal static class InstructionSignatures
{
    private const ValType I32 = ValType.I32;
    private const ValType I64 = ValType.I64;
    private const ValType F32 = ValType.F32;
    private const ValType F64 = ValType.F64;

    private static readonly NumericSignature[] SingleByte = BuildSingleByte();
    private static readonly NumericSignature[] Saturating = BuildSaturating();
    private static readonly MemoryAccess[] MemoryAccesses = BuildMemoryAccesses();

    /// <summary>The signature of a numeric opcode; <see cref="NumericSignature.IsDefined"/> is false for any other.</summary>
    public static NumericSignature Numeric(Opcode opcode)
    {
        var code = (uint)opcode;
        if (code < 0x100)
        {
            return SingleByte[code];
        }

        var saturating = code - 0xFC00;
        return saturating < (uint)Saturating.Length ? Saturating[saturating] : default;
    }

    /// <summary>The access of a load or store opcode; <see cref="MemoryAccess.IsDefined"/> is false for any other.</summary>
    public static MemoryAccess Memory(Opcode opcode)
    {
        var code = (uint)opcode;
        return code < 0x100 ? MemoryAccesses[code] : default;
    }

    private static NumericSignature[] BuildSingleByte()
    {
        var table = new NumericSignature[256];

        void Range(int first, int last, ValType left, ValType right, ValType result)
        {
            for (var op = first; op <= last; op++)
            {
                table[op] = new NumericSignature(left, right, result);
            }
        }

        Range(0x45, 0x45, I32, 0, I32); // i32.eqz
        Range(0x46, 0x4F, I32, I32, I32); // i32 comparisons
        Range(0x50, 0x50, I64, 0, I32); // i64.eqz
        Range(0x51, 0x5A, I64, I64, I32); // i64 comparisons
        Range(0x5B, 0x60, F32, F32, I32); // f32 comparisons
        Range(0x61, 0x66, F64, F64, I32); // f64 comparisons
        Range(0x67, 0x69, I32, 0, I32); // i32 clz, ctz, popcnt
        Range(0x6A, 0x78, I32, I32, I32); // i32 arithmetic
        Range(0x79, 0x7B, I64, 0, I64); // i64 clz, ctz, popcnt
        Range(0x7C, 0x8A, I64, I64, I64); // i64 arithmetic
        Range(0x8B, 0x91, F32, 0, F32); // f32 unary
        Range(0x92, 0x98, F32, F32, F32); // f32 binary
        Range(0x99, 0x9F, F64, 0, F64); // f64 unary
        Range(0xA0, 0xA6, F64, F64, F64); // f64 binary
        Range(0xA7, 0xA7, I64, 0, I32); // i32.wrap_i64
        Range(0xA8, 0xA9, F32, 0, I32); // i32.trunc_f32_s/u
        Range(0xAA, 0xAB, F64, 0, I32); // i32.trunc_f64_s/u
        Range(0xAC, 0xAD, I32, 0, I64); // i64.extend_i32_s/u
        Range(0xAE, 0xAF, F32, 0, I64); // i64.trunc_f32_s/u
        Range(0xB0, 0xB1, F64, 0, I64); // i64.trunc_f64_s/u
        Range(0xB2, 0xB3, I32, 0, F32); // f32.convert_i32_s/u
        Range(0xB4, 0xB5, I64, 0, F32); // f32.convert_i64_s/u
        Range(0xB6, 0xB6, F64, 0, F32); // f32.demote_f64
        Range(0xB7, 0xB8, I32, 0, F64); // f64.convert_i32_s/u
        Range(0xB9, 0xBA, I64, 0, F64); // f64.convert_i64_s/u
        Range(0xBB, 0xBB, F32, 0, F64); // f64.promote_f32
        Range(0xBC, 0xBC, F32, 0, I32); // i32.reinterpret_f32
        Range(0xBD, 0xBD, F64, 0, I64); // i64.reinterpret_f64
        Range(0xBE, 0xBE, I32, 0, F32); // f32.reinterpret_i32
        Range(0xBF, 0xBF, I64, 0, F64); // f64.reinterpret_i64
        Range(0xC0, 0xC1, I32, 0, I32); // i32.extend8_s, extend16_s
        Range(0xC2, 0xC4, I64, 0, I64); // i64.extend8_s, extend16_s, extend32_s
        return table;
    }

    private static NumericSignature[] BuildSaturating() =>
    [
        new(F32, 0, I32), // i32.trunc_sat_f32_s
        new(F32, 0, I32), // i32.trunc_sat_f32_u
        new(F64, 0, I32), // i32.trunc_sat_f64_s
        new(F64, 0, I32), // i32.trunc_sat_f64_u
        new(F32, 0, I64), // i64.trunc_sat_f32_s
        new(F32, 0, I64), // i64.trunc_sat_f32_u
        new(F64, 0, I64), // i64.trunc_sat_f64_s
        new(F64, 0, I64), // i64.trunc_sat_f64_u
    ];

    private static MemoryAccess[] BuildMemoryAccesses()
    {
        var table = new MemoryAccess[256];
        table[(int)Opcode.I32Load] = new(I32, 2, false);
        table[(int)Opcode.I64Load] = new(I64, 3, false);
        table[(int)Opcode.F32Load] = new(F32, 2, false);
        table[(int)Opcode.F64Load] = new(F64, 3, false);
        table[(int)Opcode.I32Load8S] = new(I32, 0, false);
        table[(int)Opcode.I32Load8U] = new(I32, 0, false);
        table[(int)Opcode.I32Load16S] = new(I32, 1, false);
        table[(int)Opcode.I32Load16U] = new(I32, 1, false);
        table[(int)Opcode.I64Load8S] = new(I64, 0, false);
        table[(int)Opcode.I64Load8U] = new(I64, 0, false);
        table[(int)Opcode.I64Load16S] = new(I64, 1, false);
        table[(int)Opcode.I64Load16U] = new(I64, 1, false);
        table[(int)Opcode.I64Load32S] = new(I64, 2, false);
        table[(int)Opcode.I64Load32U] = new(I64, 2, false);
        table[(int)Opcode.I32Store] = new(I32, 2, true);
        table[(int)Opcode.I64Store] = new(I64, 3, true);
        table[(int)Opcode.F32Store] = new(F32, 2, true);
        table[(int)Opcode.F64Store] = new(F64, 3, true);
        table[(int)Opcode.I32Store8] = new(I32, 0, true);
        table[(int)Opcode.I32Store16] = new(I32, 1, true);
        table[(int)Opcode.I64Store8] = new(I64, 0, true);
        table[(int)Opcode.I64Store16] = new(I64, 1, true);
        table[(int)Opcode.I64Store32] = new(I64, 2, true);
        return table;
    }
}
