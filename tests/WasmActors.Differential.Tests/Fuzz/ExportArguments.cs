using WasmActors.Wasm.Model;

namespace WasmActors.Differential.Tests.Fuzz;

/// <summary>
/// Deterministic arguments for an export: drawn from small pools of interesting values (zero, ±1, extremes, NaN, ±0.0,
/// infinities) by a hash of the seed, the export's position and the parameter's position, so both engines get the
/// same values and a failing seed replays exactly.
/// </summary>
public static class ExportArguments
{
    private static readonly ulong[] Int32Pool = [0, 1, 0xFFFF_FFFF, 0x7FFF_FFFF, 0x8000_0000, 7, 0x1000, 0xFFFF_FF80, 65536, 42];

    private static readonly ulong[] Int64Pool =
        [0, 1, ulong.MaxValue, long.MaxValue, 0x8000_0000_0000_0000, 0xFFFF_FFFF, 0x1_0000_0000, 12345, 3];

    private static readonly ulong[] Float32Pool =
        [0, 0x8000_0000, 0x3F80_0000, 0xBF80_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0x4F00_0000, 0x0000_0001, 0x7F7F_FFFF, 0x3FC0_0000];

    private static readonly ulong[] Float64Pool =
    [
        0, 0x8000_0000_0000_0000, 0x3FF0_0000_0000_0000, 0xBFF0_0000_0000_0000, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000,
        0x7FF8_0000_0000_0000, 0x41E0_0000_0000_0000, 0x0000_0000_0000_0001, 0x7FEF_FFFF_FFFF_FFFF, 0x3FF8_0000_0000_0000,
    ];

    /// <summary>
    /// Halves of v128 arguments, each drawn separately: lane patterns that matter to SIMD instructions (sign bits of
    /// every lane width, saturation bounds, f32 and f64 NaNs, infinities and -0.0, values just out of the range of a
    /// truncation, swizzle indices in and out of range).
    /// </summary>
    private static readonly ulong[] V128HalfPool =
    [
        0, ulong.MaxValue, 0x8080_8080_8080_8080, 0x7F7F_7F7F_7F7F_7F7F, 0x8000_7FFF_8000_7FFF, 0x8000_0000_7FFF_FFFF,
        0x7FC0_0000_3F80_0000, 0xFF80_0000_8000_0000, 0x7F80_0000_4F00_0000, 0x7FF8_0000_0000_0000, 0xBFF8_0000_0000_0000,
        0x41E0_0000_0000_0000, 0x0F0E_0D0C_1F10_0302, 0x0102_0304_0506_0708, 0x0000_0001_FFFF_FFFF,
    ];

    public static TypedValue[] For(int seed, int exportIndex, IReadOnlyList<ValType> parameters)
    {
        var values = new TypedValue[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            var pick = Mix((ulong)(uint)seed, (ulong)exportIndex, (ulong)i);
            var type = parameters[i];
            if (type == ValType.V128)
            {
                var highPick = Mix((ulong)(uint)seed, (ulong)exportIndex, (ulong)i + 0x1_0000);
                values[i] = new TypedValue(type, V128HalfPool[pick % (ulong)V128HalfPool.Length], V128HalfPool[highPick % (ulong)V128HalfPool.Length]);
                continue;
            }

            values[i] = new TypedValue(type, type switch
            {
                ValType.I32 => Int32Pool[pick % (ulong)Int32Pool.Length],
                ValType.I64 => Int64Pool[pick % (ulong)Int64Pool.Length],
                ValType.F32 => Float32Pool[pick % (ulong)Float32Pool.Length],
                ValType.F64 => Float64Pool[pick % (ulong)Float64Pool.Length],
                _ => 0, // references: null
            });
        }

        return values;
    }

    private static ulong Mix(ulong a, ulong b, ulong c)
    {
        // SplitMix64 finaliser over the three inputs: cheap and well spread.
        var z = (a * 0x9E37_79B9_7F4A_7C15) ^ (b * 0xBF58_476D_1CE4_E5B9) ^ (c * 0x94D0_49BB_1331_11EB) ^ 0x2545_F491_4F6C_DD1D;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        return z ^ (z >> 31);
    }
}
