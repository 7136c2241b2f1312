using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

/// <summary>How a SIMD instruction uses the operand stack.</summary>
internal enum SimdShape : byte
{
    Undefined,

    /// <summary>[i32] -> [v128], memarg.</summary>
    Load,

    /// <summary>[i32 v128] -> [], memarg.</summary>
    Store,

    /// <summary>[i32 v128] -> [v128], memarg and lane.</summary>
    LoadLane,

    /// <summary>[i32 v128] -> [], memarg and lane.</summary>
    StoreLane,

    /// <summary>[] -> [v128].</summary>
    Const,

    /// <summary>[v128 v128] -> [v128], 16 lane indices below 32.</summary>
    Shuffle,

    /// <summary>[scalar] -> [v128].</summary>
    Splat,

    /// <summary>[v128] -> [scalar], lane.</summary>
    ExtractLane,

    /// <summary>[v128 scalar] -> [v128], lane.</summary>
    ReplaceLane,

    /// <summary>[v128] -> [v128].</summary>
    Unary,

    /// <summary>[v128 v128] -> [v128].</summary>
    Binary,

    /// <summary>[v128 v128 v128] -> [v128].</summary>
    Ternary,

    /// <summary>[v128] -> [i32]: any_true, all_true, bitmask.</summary>
    Test,

    /// <summary>[v128 i32] -> [v128].</summary>
    Shift,
}

/// <summary>The typing of one SIMD instruction: its shape, the scalar it moves, its lane count and natural alignment.</summary>
internal readonly record struct SimdSignature(SimdShape Shape, ValType Scalar = 0, byte Lanes = 0, byte NaturalAlignment = 0);

/// <summary>Typing of the 0xFD-prefixed instructions, indexed by sub-opcode.</summary>
internal static class SimdSignatures
{
    private static readonly SimdSignature[] Table = Build();

    public static SimdSignature Of(Opcode opcode) => Table[(uint)opcode & 0xFF];

    private static SimdSignature[] Build()
    {
        var table = new SimdSignature[256];
        foreach (var opcode in Enum.GetValues<Opcode>())
        {
            if (((uint)opcode & 0xFF00) == 0xFD00)
            {
                table[(uint)opcode & 0xFF] = new SimdSignature(SimdShape.Binary);
            }
        }

        table[0x00] = new(SimdShape.Load, NaturalAlignment: 4);
        for (var op = 0x01; op <= 0x06; op++)
        {
            table[op] = new(SimdShape.Load, NaturalAlignment: 3); // load8x8, load16x4, load32x2
        }

        for (var width = 0; width <= 3; width++)
        {
            table[0x07 + width] = new(SimdShape.Load, NaturalAlignment: (byte)width); // load*_splat
            table[0x54 + width] = new(SimdShape.LoadLane, Lanes: (byte)(16 >> width), NaturalAlignment: (byte)width);
            table[0x58 + width] = new(SimdShape.StoreLane, Lanes: (byte)(16 >> width), NaturalAlignment: (byte)width);
        }

        table[0x0B] = new(SimdShape.Store, NaturalAlignment: 4);
        table[0x5C] = new(SimdShape.Load, NaturalAlignment: 2);
        table[0x5D] = new(SimdShape.Load, NaturalAlignment: 3);
        table[0x0C] = new(SimdShape.Const);
        table[0x0D] = new(SimdShape.Shuffle);

        ValType[] splatTypes = [ValType.I32, ValType.I32, ValType.I32, ValType.I64, ValType.F32, ValType.F64];
        for (var i = 0; i < splatTypes.Length; i++)
        {
            table[0x0F + i] = new(SimdShape.Splat, splatTypes[i]);
        }

        Lane(table, 0x15, 0x16, 0x17, ValType.I32, 16);
        Lane(table, 0x18, 0x19, 0x1A, ValType.I32, 8);
        Lane(table, 0x1B, 0x1B, 0x1C, ValType.I32, 4);
        Lane(table, 0x1D, 0x1D, 0x1E, ValType.I64, 2);
        Lane(table, 0x1F, 0x1F, 0x20, ValType.F32, 4);
        Lane(table, 0x21, 0x21, 0x22, ValType.F64, 2);

        table[0x52] = new(SimdShape.Ternary);
        foreach (var op in (int[])[0x53, 0x63, 0x64, 0x83, 0x84, 0xA3, 0xA4, 0xC3, 0xC4])
        {
            table[op] = new(SimdShape.Test);
        }

        foreach (var first in (int[])[0x6B, 0x8B, 0xAB, 0xCB])
        {
            for (var op = first; op < first + 3; op++)
            {
                table[op] = new(SimdShape.Shift);
            }
        }

        int[] unary =
        [
            0x4D, 0x5E, 0x5F, 0x60, 0x61, 0x62, 0x67, 0x68, 0x69, 0x6A, 0x74, 0x75, 0x7A, 0x7C, 0x7D, 0x7E, 0x7F,
            0x80, 0x81, 0x87, 0x88, 0x89, 0x8A, 0x94, 0xA0, 0xA1, 0xA7, 0xA8, 0xA9, 0xAA, 0xC0, 0xC1, 0xC7, 0xC8,
            0xC9, 0xCA, 0xE0, 0xE1, 0xE3, 0xEC, 0xED, 0xEF, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF,
        ];
        foreach (var op in unary)
        {
            table[op] = new(SimdShape.Unary);
        }

        return table;
    }

    /// <summary>The extract_lane opcodes of one lane shape (one, or a signed/unsigned pair) and its replace_lane.</summary>
    private static void Lane(SimdSignature[] table, int firstExtract, int lastExtract, int replace, ValType scalar, byte lanes)
    {
        for (var op = firstExtract; op <= lastExtract; op++)
        {
            table[op] = new(SimdShape.ExtractLane, scalar, lanes);
        }

        table[replace] = new(SimdShape.ReplaceLane, scalar, lanes);
    }
}
