namespace WasmActors.Bench.Wast;

/// <summary>Compares an engine's error message with the message a spec assertion names.</summary>
internal static class TrapText
{
    /// <summary>
    /// True when the engine's message says what the spec's does: it contains the spec text (engines may add detail),
    /// or the spec text extends it by whole words (the reference interpreter appends details, as in
    /// "uninitialized element 2").
    /// </summary>
    public static bool Matches(string expected, string actual) =>
        actual.Contains(expected, StringComparison.Ordinal)
        || (actual.Length > 0
            && expected.StartsWith(actual, StringComparison.Ordinal)
            && expected[actual.Length] == ' ');
}
