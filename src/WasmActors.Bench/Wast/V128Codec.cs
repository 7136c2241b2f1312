using System.Globalization;
using System.Text.Json;
using WasmActors.Wasm.Model;

namespace WasmActors.Bench.Wast;

/// <summary>
/// v128 values in the JSON notation: <c>lane_type</c> (i8, i16, i32, i64, f32, f64) and one bit-pattern string per
/// lane, lanes in little-endian order. The engine's raw form is two 64-bit halves, low first.
/// </summary>
internal static class V128Codec
{
    /// <summary>The raw halves of a v128 argument.</summary>
    public static (ulong Low, ulong High) ParseArgument(WastValue value)
    {
        var (bits, lanes) = Lanes(value);
        Span<byte> bytes = stackalloc byte[16];
        var laneBytes = bits / 8;
        for (var i = 0; i < lanes.Length; i++)
        {
            var lane = ParseLane(lanes[i], bits);
            for (var b = 0; b < laneBytes; b++)
            {
                bytes[(i * laneBytes) + b] = (byte)(lane >> (8 * b));
            }
        }

        return (BitConverter.ToUInt64(bytes), BitConverter.ToUInt64(bytes[8..]));
    }

    /// <summary>An expected v128: per lane a concrete value or, for float lanes, a NaN pattern.</summary>
    public static ExpectedV128 ParseExpected(WastValue value)
    {
        var (bits, lanes) = Lanes(value);
        var isFloat = value.LaneType is "f32" or "f64";
        var laneType = bits == 32 ? ValType.F32 : ValType.F64;
        var expected = lanes.Select(text => isFloat
            ? text switch
            {
                "nan:canonical" => new ExpectedValue(laneType, ExpectedKind.CanonicalNaN, 0),
                "nan:arithmetic" => new ExpectedValue(laneType, ExpectedKind.ArithmeticNaN, 0),
                _ => new ExpectedValue(laneType, ExpectedKind.Exact, ParseLane(text, bits)),
            }
            : new ExpectedValue(ValType.I64, ExpectedKind.Exact, ParseLane(text, bits))).ToArray();
        return new ExpectedV128(value.LaneType!, bits, expected);
    }

    /// <summary>A raw v128 for messages: its 32-bit lanes in hex, lane 0 first.</summary>
    public static string Format(ulong low, ulong high) =>
        $"v128:i32x4[0x{(uint)low:x8} 0x{(uint)(low >> 32):x8} 0x{(uint)high:x8} 0x{(uint)(high >> 32):x8}]";

    /// <summary>Lane <paramref name="index"/> of a raw v128 of <paramref name="bits"/>-bit lanes, zero-extended.</summary>
    public static ulong Lane(ulong low, ulong high, int bits, int index)
    {
        var position = bits * index;
        var half = position < 64 ? low : high;
        var shifted = half >> (position % 64);
        return bits == 64 ? shifted : shifted & ((1UL << bits) - 1);
    }

    private static (int Bits, string[] Lanes) Lanes(WastValue value)
    {
        var bits = value.LaneType switch
        {
            "i8" => 8,
            "i16" => 16,
            "i32" or "f32" => 32,
            "i64" or "f64" => 64,
            _ => throw new WastFormatException($"unknown v128 lane type \"{value.LaneType}\""),
        };
        if (value.Value is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() != 128 / bits)
        {
            throw new WastFormatException($"a v128 of {value.LaneType} lanes needs {128 / bits} lane values");
        }

        var lanes = array.EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new WastFormatException("a v128 lane must be a string"))
            .ToArray();
        return (bits, lanes);
    }

    private static ulong ParseLane(string text, int bits)
    {
        var max = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var lane) || lane > max)
        {
            throw new WastFormatException($"\"{text}\" is not a {bits}-bit lane bit pattern");
        }

        return lane;
    }
}

/// <summary>An expected v128 result, lane by lane (float lanes may be NaN patterns).</summary>
internal sealed record ExpectedV128(string LaneType, int LaneBits, ExpectedValue[] Lanes)
{
    public bool Matches(ulong low, ulong high)
    {
        for (var i = 0; i < Lanes.Length; i++)
        {
            if (!Lanes[i].Matches(V128Codec.Lane(low, high, LaneBits, i)))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() =>
        $"v128:{LaneType}x{Lanes.Length}[{string.Join(' ', Lanes.Select(FormatLane))}]";

    private string FormatLane(ExpectedValue lane) => lane.Kind switch
    {
        ExpectedKind.Exact when lane.Type == ValType.I64 => $"0x{lane.Bits.ToString($"x{LaneBits / 4}", CultureInfo.InvariantCulture)}",
        ExpectedKind.Exact => ValueCodec.Format(lane.Type, lane.Bits),
        ExpectedKind.CanonicalNaN => "nan:canonical",
        _ => "nan:arithmetic",
    };
}
