namespace WasmActors.Bench.EndToEnd;

/// <summary>Nearest-rank percentiles of a sample (no interpolation: every figure is one that was measured).</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> samples, double percentile)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyList<double> samples) => Of(samples, 50);
}
