using System.Globalization;

namespace WasmActors.Node.Run;

/// <summary>Parses sizes such as <c>65536</c>, <c>640K</c>, <c>64MiB</c> or <c>4GB</c> (binary multiples, as wasmtime's options).</summary>
internal static class MemorySize
{
    private const ulong WasmPageBytes = 65536;
    private const ulong MaxWasm32Pages = 65536;

    /// <summary>The size in bytes; throws <see cref="FormatException"/> with a readable reason.</summary>
    public static ulong ParseBytes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var digits = 0;
        while (digits < trimmed.Length && char.IsAsciiDigit(trimmed[digits]))
        {
            digits++;
        }

        if (digits == 0 || !ulong.TryParse(trimmed.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException($"expected a size such as 65536, 640K, 64MiB or 4G, got \"{text}\"");
        }

        var multiplier = trimmed[digits..].Trim().ToUpperInvariant() switch
        {
            "" or "B" => 1UL,
            "K" or "KB" or "KIB" => 1UL << 10,
            "M" or "MB" or "MIB" => 1UL << 20,
            "G" or "GB" or "GIB" => 1UL << 30,
            _ => throw new FormatException($"unknown size unit in \"{text}\" (use K, M or G)"),
        };
        if (number > ulong.MaxValue / multiplier)
        {
            throw new FormatException($"size \"{text}\" is too large");
        }

        return number * multiplier;
    }

    /// <summary>The number of whole 64 KiB wasm pages that fit in the size, at most the wasm32 maximum.</summary>
    public static uint ParsePages(string text) => (uint)Math.Min(ParseBytes(text) / WasmPageBytes, MaxWasm32Pages);
}
