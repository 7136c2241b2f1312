using System.Globalization;
using System.Text;

namespace WasmActors.Node.Run;

/// <summary>
/// Formats floats as Rust's <c>Display</c> does, which is what <c>wasmtime run --invoke</c> prints: the shortest digits
/// that read back to the same value, written out positionally (never with an exponent), <c>NaN</c>, <c>inf</c>, <c>-0</c>.
/// </summary>
internal static class RustFloatText
{
    public static string Format(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? (value > 0 ? "inf" : "-inf") : Positional(value.ToString("R", CultureInfo.InvariantCulture));

    public static string Format(float value) =>
        float.IsNaN(value) ? "NaN" : float.IsInfinity(value) ? (value > 0 ? "inf" : "-inf") : Positional(value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Rewrites .NET's shortest round-trip text ("1.5E+20", "-1E-07") without the exponent.</summary>
    private static string Positional(string shortest)
    {
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return shortest;
        }

        var negative = shortest[0] == '-';
        var mantissa = shortest[(negative ? 1 : 0)..e];
        var exponent = int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot < 0 ? mantissa.Length : dot;
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var point = integerDigits + exponent;
        var text = new StringBuilder(negative ? "-" : "");
        if (point <= 0)
        {
            text.Append("0.").Append('0', -point).Append(digits);
        }
        else if (point >= digits.Length)
        {
            text.Append(digits).Append('0', point - digits.Length);
        }
        else
        {
            text.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }

        return text.ToString();
    }
}
