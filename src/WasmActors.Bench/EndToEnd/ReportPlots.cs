using ScottPlot;

namespace WasmActors.Bench.EndToEnd;

/// <summary>
/// The report's PNG plots (ScottPlot): fork latency per granularity × mode, forks/s against fork count, page-fault
/// latency CDFs, and bytes moved before the first instruction. Values spanning decades are drawn on log axes.
/// </summary>
internal static class ReportPlots
{
    private const int Width = 900;
    private const int Height = 420;

    private static readonly Color[] Palette = [Colors.SteelBlue, Colors.LightSkyBlue, Colors.DarkOrange, Colors.NavajoWhite, Colors.SeaGreen, Colors.DarkGray];

    /// <summary>Writes every plot that has data into <paramref name="directory"/>; returns the file names written.</summary>
    public static IReadOnlyList<string> Write(BenchResults r, string directory)
    {
        var written = new List<string>();
        Save(written, directory, "fork-latency.png", ForkLatency(r, f => f.FirstInstructionMicros, "time to first instruction (µs, log)", "Fork latency per granularity × mode (in-process restore)"));
        Save(written, directory, "bytes-before-first-instruction.png", ForkLatency(r, f => Math.Max(1, f.BytesBeforeFirstInstruction), "bytes (log)", "Bytes moved before the first instruction"));
        Save(written, directory, "forks-per-second.png", Throughput(r));
        Save(written, directory, "latency-cdf.png", Cdf(r));
        return written;
    }

    private static void Save(List<string> written, string directory, string name, Plot? plot)
    {
        if (plot is null)
        {
            return;
        }

        plot.SavePng(Path.Combine(directory, name), Width, Height);
        written.Add(name);
    }

    private static Plot? ForkLatency(BenchResults r, Func<ForkLatencyRow, double> value, string yLabel, string title)
    {
        var rows = r.ForkLatency.Where(f => f.Where == "in-process").ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var granularities = rows.Select(f => f.Granularity).Distinct().ToList();
        var series = rows.Select(f => (f.Sample, f.Mode)).Distinct().ToList();
        var plot = new Plot();
        var width = 0.8 / series.Count;
        for (var s = 0; s < series.Count; s++)
        {
            var bars = new List<Bar>();
            foreach (var row in rows.Where(f => (f.Sample, f.Mode) == series[s]))
            {
                var g = granularities.IndexOf(row.Granularity);
                bars.Add(new Bar { Position = g + ((s - ((series.Count - 1) / 2.0)) * width), Value = Math.Log10(Math.Max(1, value(row))), ValueBase = 0, Size = width * 0.95, FillColor = Palette[s % Palette.Length] });
            }

            var plotted = plot.Add.Bars(bars);
            plotted.LegendText = $"{series[s].Sample} {series[s].Mode}";
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. granularities.Select((_, i) => (double)i)], [.. granularities]);
        LogAxis(plot);
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static Plot? Throughput(BenchResults r)
    {
        if (r.ForkThroughput.Count == 0)
        {
            return null;
        }

        var plot = new Plot();
        var i = 0;
        foreach (var group in r.ForkThroughput.GroupBy(t => t.Where))
        {
            var points = group.OrderBy(t => t.Forks).ToArray();
            var line = plot.Add.Scatter(points.Select(t => Math.Log10(t.Forks)).ToArray(), points.Select(t => Math.Log10(t.ForksPerSecond)).ToArray(), Palette[i++ * 2 % Palette.Length]);
            line.LegendText = group.Key;
            line.MarkerSize = 8;
        }

        plot.Add.HorizontalLine(3, 1, Colors.Red, LinePattern.Dashed).LegendText = "goal: 1,000 remote forks/s";
        LogAxis(plot);
        LogAxis(plot, bottom: true);
        plot.Title("Forks per second from one snapshot");
        plot.XLabel("forks (log)");
        plot.YLabel("forks/s (log)");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static Plot? Cdf(BenchResults r)
    {
        var rows = r.PageFaults.Where(p => p.PageBytes == 4096 && p.SortedMicros.Length > 0).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var plot = new Plot();
        var i = 0;
        foreach (var row in rows)
        {
            var n = row.SortedMicros.Length;
            var step = Math.Max(1, n / 500);
            var xs = new List<double>();
            var ys = new List<double>();
            for (var k = 0; k < n; k += step)
            {
                xs.Add(Math.Log10(Math.Max(0.1, row.SortedMicros[k])));
                ys.Add((k + 1) / (double)n);
            }

            xs.Add(Math.Log10(Math.Max(0.1, row.SortedMicros[^1])));
            ys.Add(1);
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), Palette[i++ * 2 % Palette.Length]);
            line.LineWidth = 2;
            line.LegendText = row.Path;
        }

        plot.Add.VerticalLine(Math.Log10(50), 1, Colors.Red, LinePattern.Dashed).LegendText = "goal: p50 ≤ 50 µs";
        LogAxis(plot, bottom: true);
        plot.Title("4 KiB page-fault service latency (CDF, loopback)");
        plot.XLabel("latency (µs, log)");
        plot.YLabel("fraction of requests");
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>Values are plotted as log10; label the ticks with the values themselves.</summary>
    private static void LogAxis(Plot plot, bool bottom = false)
    {
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => Label(Math.Pow(10, v)),
        };
        if (bottom)
        {
            plot.Axes.Bottom.TickGenerator = ticks;
        }
        else
        {
            plot.Axes.Left.TickGenerator = ticks;
        }
    }

    private static string Label(double value) => value switch
    {
        >= 1e9 => $"{value / 1e9:0.#}G",
        >= 1e6 => $"{value / 1e6:0.#}M",
        >= 1e3 => $"{value / 1e3:0.#}k",
        _ => $"{value:0.##}",
    };
}
