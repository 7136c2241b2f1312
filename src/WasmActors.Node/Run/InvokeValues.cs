using System.Globalization;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Node.Run;

/// <summary>
/// Converts <c>--invoke</c> arguments from text to raw values and results back to text, as <c>wasmtime run --invoke</c>
/// does: decimal (or 0x-prefixed hex) integers, Rust-style float literals, one result per line.
/// </summary>
internal static class InvokeValues
{
    /// <summary>The raw argument values for <paramref name="parameters"/>; throws <see cref="RunSetupException"/> on bad text.</summary>
    public static ulong[] ParseArguments(string function, IReadOnlyList<ValType> parameters, IReadOnlyList<string> texts)
    {
        if (texts.Count < parameters.Count)
        {
            throw new RunSetupException($"not enough arguments for `{function}`: it takes {parameters.Count}, got {texts.Count}");
        }

        var values = new ulong[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            values[i] = Parse(parameters[i], texts[i]) ?? throw new RunSetupException(
                $"argument {i + 1} of `{function}`: \"{texts[i]}\" is not a valid {parameters[i].Name()}");
        }

        return values;
    }

    public static ulong? Parse(ValType type, string text) => type switch
    {
        ValType.I32 => ParseInteger(text, 32) is { } i32 ? (uint)(int)i32 : null,
        ValType.I64 => ParseInteger(text, 64) is { } i64 ? (ulong)i64 : null,
        ValType.F32 => ParseFloat(text, single: true) is { } f32 ? BitConverter.SingleToUInt32Bits((float)f32) : null,
        ValType.F64 => ParseFloat(text, single: false) is { } f64 ? BitConverter.DoubleToUInt64Bits(f64) : null,
        _ => null,
    };

    /// <summary>One result as wasmtime prints it.</summary>
    public static string Format(ValType type, ulong raw) => type switch
    {
        ValType.I32 => ((int)(uint)raw).ToString(CultureInfo.InvariantCulture),
        ValType.I64 => ((long)raw).ToString(CultureInfo.InvariantCulture),
        ValType.F32 => RustFloatText.Format(BitConverter.UInt32BitsToSingle((uint)raw)),
        ValType.F64 => RustFloatText.Format(BitConverter.UInt64BitsToDouble(raw)),
        ValType.FuncRef => raw == RefValue.Null ? "<null funcref>" : "<funcref>",
        ValType.ExternRef => raw == RefValue.Null ? "<null externref>" : "<externref>",
        _ => $"<{type.Name()}>",
    };

    private static long? ParseInteger(string text, int bits)
    {
        var min = bits == 32 ? int.MinValue : long.MinValue;
        var max = bits == 32 ? int.MaxValue : long.MaxValue;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            // Hex is the bit pattern, so 0xffffffff is -1 for an i32.
            if (!ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bitsValue)
                || (bits == 32 && bitsValue > uint.MaxValue))
            {
                return null;
            }

            return bits == 32 ? (int)(uint)bitsValue : (long)bitsValue;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : null;
    }

    /// <summary>A float literal; for f32 the text is rounded once, straight to single precision.</summary>
    private static double? ParseFloat(string text, bool single)
    {
        var body = text.TrimStart('+', '-');
        var negative = text.StartsWith('-');
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            return negative ? double.NegativeInfinity : double.PositiveInfinity;
        }

        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }

        const NumberStyles style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (text.Length == 0 || text.Length - body.Length > 1)
        {
            return null;
        }

        if (single)
        {
            return float.TryParse(text, style, CultureInfo.InvariantCulture, out var f) ? f : null;
        }

        return double.TryParse(text, style, CultureInfo.InvariantCulture, out var d) ? d : null;
    }
}
