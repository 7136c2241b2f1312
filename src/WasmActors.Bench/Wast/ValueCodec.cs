using System.Globalization;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Bench.Wast;

/// <summary>Converts between the JSON value notation and the engine's raw values (numeric bits, <see cref="RefValue"/>).</summary>
internal static class ValueCodec
{
    /// <summary>The value type a JSON type name denotes; throws <see cref="WastFormatException"/> for unknown names.</summary>
    public static ValType TypeOf(string name) => name switch
    {
        "i32" => ValType.I32,
        "i64" => ValType.I64,
        "f32" => ValType.F32,
        "f64" => ValType.F64,
        "v128" => ValType.V128,
        "funcref" => ValType.FuncRef,
        "externref" => ValType.ExternRef,
        _ => throw new WastFormatException($"unknown value type \"{name}\""),
    };

    /// <summary>Appends an argument's raw values: one, or two for a v128 (low half first).</summary>
    public static void AppendArgument(WastValue value, List<ulong> raw)
    {
        if (TypeOf(value.Type) == ValType.V128)
        {
            var (low, high) = V128Codec.ParseArgument(value);
            raw.Add(low);
            raw.Add(high);
            return;
        }

        raw.Add(ParseArgument(value));
    }

    /// <summary>An argument's raw value (not a v128). NaN patterns are not allowed here, only concrete values.</summary>
    public static ulong ParseArgument(WastValue value)
    {
        var type = TypeOf(value.Type);
        var text = value.Text ?? throw new WastFormatException($"{value.Type} argument without a value");
        return ParseConcrete(type, text);
    }

    /// <summary>An expected result: a concrete value, or for floats one of the NaN patterns.</summary>
    public static ExpectedValue ParseExpected(WastValue value)
    {
        var type = TypeOf(value.Type);
        if (type == ValType.V128 && value.Value is not null)
        {
            return new ExpectedValue(type, ExpectedKind.Exact, 0) { Vector = V128Codec.ParseExpected(value) };
        }

        var text = value.Text;
        if (text is null)
        {
            return new ExpectedValue(type, ExpectedKind.AnyOfType, 0);
        }

        if (type is ValType.F32 or ValType.F64)
        {
            switch (text)
            {
                case "nan:canonical":
                    return new ExpectedValue(type, ExpectedKind.CanonicalNaN, 0);
                case "nan:arithmetic":
                    return new ExpectedValue(type, ExpectedKind.ArithmeticNaN, 0);
            }
        }

        return new ExpectedValue(type, ExpectedKind.Exact, ParseConcrete(type, text));
    }

    private static ulong ParseConcrete(ValType type, string text)
    {
        switch (type)
        {
            case ValType.I32:
            case ValType.F32:
                return ParseBits(type, text, uint.MaxValue);
            case ValType.I64:
            case ValType.F64:
                return ParseBits(type, text, ulong.MaxValue);
            case ValType.ExternRef:
                return text == "null" ? RefValue.Null : RefValue.FromExtern(ParseBits(type, text, ulong.MaxValue - 1));
            case ValType.FuncRef:
                // wast2json can only express a null funcref; a function reference has no host-side name.
                return text == "null"
                    ? RefValue.Null
                    : throw new WastFormatException($"funcref value \"{text}\" is not supported (only \"null\")");
            default:
                throw new WastFormatException($"{type.Name()} values are not supported");
        }
    }

    private static ulong ParseBits(ValType type, string text, ulong max)
    {
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) || bits > max)
        {
            throw new WastFormatException($"\"{text}\" is not a {type.Name()} bit pattern");
        }

        return bits;
    }

    /// <summary>A raw value for messages: the readable value and, for numbers, the bit pattern.</summary>
    public static string Format(ValType type, ulong raw) => type switch
    {
        ValType.I32 => WithUpperBits($"i32:{(int)(uint)raw} (0x{(uint)raw:x8})", raw),
        ValType.I64 => $"i64:{(long)raw} (0x{raw:x16})",
        ValType.F32 => WithUpperBits($"f32:{FormatF32((uint)raw)} (0x{(uint)raw:x8})", raw),
        ValType.F64 => $"f64:{FormatF64(raw)} (0x{raw:x16})",
        ValType.FuncRef => raw == RefValue.Null ? "funcref:null" : $"funcref:function {RefValue.FunctionAddress(raw)}",
        ValType.ExternRef => raw == RefValue.Null ? "externref:null" : $"externref:{RefValue.ExternId(raw)}",
        _ => $"{type.Name()}:0x{raw:x}",
    };

    /// <summary>Only the low 32 bits are an i32 or f32; anything above them is shown, as a hint to an engine bug.</summary>
    private static string WithUpperBits(string text, ulong raw) =>
        raw > uint.MaxValue ? $"{text} [upper bits 0x{raw >> 32:x8}]" : text;

    private static string FormatF32(uint bits)
    {
        var value = BitConverter.UInt32BitsToSingle(bits);
        return float.IsNaN(value)
            ? $"{((bits & 0x8000_0000u) != 0 ? "-" : string.Empty)}nan:0x{bits & 0x7F_FFFFu:x}"
            : value.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string FormatF64(ulong bits)
    {
        var value = BitConverter.UInt64BitsToDouble(bits);
        return double.IsNaN(value)
            ? $"{((bits & 0x8000_0000_0000_0000ul) != 0 ? "-" : string.Empty)}nan:0x{bits & 0xF_FFFF_FFFF_FFFFul:x}"
            : value.ToString("R", CultureInfo.InvariantCulture);
    }
}
