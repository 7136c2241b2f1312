namespace WasmActors.Differential.Tests.Fuzz.Simd;

/// <summary>
/// Operands for the sweep, lane by lane: mostly values at the edges of each lane type (sign bits, saturation bounds,
/// NaNs with several payloads, infinities, ±0, subnormals, halfway cases of rounding, and values just inside and
/// outside the range of each truncation and narrowing), some random bits.
/// </summary>
internal sealed class SimdOperands(Random random)
{
    private static readonly ulong[] I8 = [0, 1, 2, 5, 0x0F, 0x10, 0x1F, 0x7F, 0x80, 0x81, 0xFE, 0xFF];

    private static readonly ulong[] I16 =
        [0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x4000, 0x7FFF, 0x8000, 0x8001, 0xC000, 0xFF00, 0xFF7F, 0xFF80, 0xFFFE, 0xFFFF];

    private static readonly ulong[] I32 =
        [0, 1, 0x7F, 0x80, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000, 0x7FFF_FFFF, 0x8000_0000, 0x8000_0001, 0xFFFF_7FFF, 0xFFFF_8000, 0xFFFF_FFFE, 0xFFFF_FFFF];

    private static readonly ulong[] I64 =
    [
        0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000, long.MaxValue, 0x8000_0000_0000_0000, 0x8000_0000_0000_0001,
        0xFFFF_FFFF_7FFF_FFFF, 0xFFFF_FFFF_8000_0000, ulong.MaxValue,
    ];

    private static readonly ulong[] F32 =
    [
        0, 0x8000_0000, 0x3F80_0000, 0xBF80_0000, 0x3F00_0000, 0xBF00_0000, 0x3FC0_0000, 0x4020_0000, 0xC020_0000, 0x4060_0000,
        0x3F7F_FFFF, 0xBF7F_FFFF, 0x4B00_0001, 0xCB00_0001, 0x4B80_0001, // 1-ulp fractions and 2^23+1: ceil, floor, nearest
        0x7FC0_0000, 0xFFC0_0000, 0x7FA0_0001, 0xFFC1_2345, 0x7F80_0000, 0xFF80_0000, // NaNs (quiet, signalling, payloads), infinities
        0x0000_0001, 0x807F_FFFF, 0x0080_0000, 0x7F7F_FFFF, 0xFF7F_FFFF, // subnormals, smallest normal, largest finite
        0x4EFF_FFFF, 0x4F00_0000, 0xCF00_0000, 0xCF00_0001, 0x4F7F_FFFF, 0x4F80_0000, // around the i32/u32 range
    ];

    private static readonly ulong[] F64 =
    [
        0, 0x8000_0000_0000_0000, 0x3FF0_0000_0000_0000, 0xBFF0_0000_0000_0000, 0x3FE0_0000_0000_0000, 0xBFE0_0000_0000_0000,
        0x3FF8_0000_0000_0000, 0x4004_0000_0000_0000, 0xC004_0000_0000_0000, 0x4012_0000_0000_0000, 0x4330_0000_0000_0001,
        0xBFEF_AE14_7AE1_47AE, 0x3FEF_FFFF_FFFF_FFFF,
        0x7FF8_0000_0000_0000, 0xFFF8_0000_0000_0000, 0x7FF0_0000_0000_0001, 0x7FF8_0000_0001_2345, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000,
        0x0000_0000_0000_0001, 0x000F_FFFF_FFFF_FFFF, 0x0010_0000_0000_0000, 0x7FEF_FFFF_FFFF_FFFF, 0xFFEF_FFFF_FFFF_FFFF,
        0x41DF_FFFF_FFC0_0000, 0x41E0_0000_0000_0000, 0xC1E0_0000_0000_0000, 0xC1E0_0000_0020_0000, 0x41EF_FFFF_FFE0_0000, 0x41F0_0000_0000_0000,
        0x47EF_FFFF_E000_0000, 0x47EF_FFFF_F000_0000, 0x47F0_0000_0000_0000, // f32 max, halfway above it, beyond: demote to max or infinity
        0x3FF0_0000_1000_0000, 0x3FF0_0000_3000_0000, 0x36A0_0000_0000_0000, 0x3690_0000_0000_0000, // demote ties, f32 subnormal edge
    ];

    private static readonly ulong[] ShiftCounts = [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 0xFFFF_FFFF, 0x8000_0000];

    private static readonly ulong[] Addresses = [0, 1, 3, 8, 0x100, 0x7FF1, 0xFFF0, 0xFFF1, 0xFFF8, 0xFFFC, 0xFFFE, 0xFFFF, 0x1_0000, 0xFFFF_FFF0];

    private static readonly ulong[] Offsets = [0, 1, 4, 15, 16, 0xFFF0, 0x1_0000, 0xFFFF_FFFF];

    /// <summary>A vector, usually in <paramref name="shape"/>'s lanes, sometimes in another shape's (odd bit patterns for the op).</summary>
    public (ulong Low, ulong High) Vector(LaneShape shape)
    {
        if (random.Next(5) == 0)
        {
            shape = (LaneShape)random.Next(6);
        }

        var bytes = new byte[16];
        var width = 16 / LaneShapes.Count(shape);
        var uniform = random.Next(4) == 0 ? Lane(shape) : (ulong?)null;
        for (var lane = 0; lane < LaneShapes.Count(shape); lane++)
        {
            var value = uniform ?? Lane(shape);
            for (var b = 0; b < width; b++)
            {
                bytes[(lane * width) + b] = (byte)(value >> (8 * b));
            }
        }

        return (BitConverter.ToUInt64(bytes, 0), BitConverter.ToUInt64(bytes, 8));
    }

    /// <summary>One lane's bits (also the bits of a splat or replace_lane scalar of that shape).</summary>
    public ulong Lane(LaneShape shape)
    {
        var pool = shape switch
        {
            LaneShape.I8x16 => I8,
            LaneShape.I16x8 => I16,
            LaneShape.I32x4 => I32,
            LaneShape.I64x2 => I64,
            LaneShape.F32x4 => F32,
            _ => F64,
        };
        var bits = random.Next(8) == 0 ? (ulong)random.NextInt64() ^ ((ulong)random.Next() << 33) : pool[random.Next(pool.Length)];
        return shape switch
        {
            LaneShape.I8x16 => bits & 0xFF,
            LaneShape.I16x8 => bits & 0xFFFF,
            LaneShape.I32x4 or LaneShape.F32x4 => bits & 0xFFFF_FFFF,
            _ => bits,
        };
    }

    public uint ShiftCount() => (uint)(random.Next(8) == 0 ? (ulong)random.Next() : ShiftCounts[random.Next(ShiftCounts.Length)]);

    /// <summary>An address: half the time anywhere inside the page, else at or beyond its edges.</summary>
    public uint Address(int accessBytes) =>
        (uint)(random.Next(2) == 0 ? (ulong)random.Next(0, 0x1_0000 - accessBytes + 1) : Addresses[random.Next(Addresses.Length)]);

    /// <summary>An offset: usually 0 or small, sometimes large enough to leave the page or overflow 32 bits.</summary>
    public uint Offset() => (uint)(random.Next(3) == 0 ? Offsets[random.Next(Offsets.Length)] : (ulong)random.Next(0, 17));

    public int Below(int bound) => random.Next(bound);

    public byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
