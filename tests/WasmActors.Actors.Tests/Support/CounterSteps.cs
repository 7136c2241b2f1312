using System.Globalization;

namespace WasmActors.Actors.Tests;

/// <summary>The progress lines of the counter sample ("step N …"), which a moved or forked run must print as an uninterrupted one does.</summary>
internal static class CounterSteps
{
    public static string[] Lines(string text) => text.Split('\n').Where(l => l.StartsWith("step ", StringComparison.Ordinal)).ToArray();

    /// <summary>The last step printed, 0 before any.</summary>
    public static int Last(string text) => Lines(text).Select(l => int.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
}
