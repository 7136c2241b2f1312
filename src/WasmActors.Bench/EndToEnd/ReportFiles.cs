using System.Text.Json;

namespace WasmActors.Bench.EndToEnd;

/// <summary>Writes a run's report folder: report.md, results.json and the PNG plots.</summary>
internal static class ReportFiles
{
    public const string Markdown = "report.md";
    public const string Json = "results.json";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(BenchResults results, string directory)
    {
        Directory.CreateDirectory(directory);
        IReadOnlyList<string> plots;
        try
        {
            plots = ReportPlots.Write(results, directory);
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or InvalidOperationException)
        {
            // Plots need SkiaSharp's native library; the tables and raw numbers are still worth writing without it.
            results.Problems.Add($"plots not drawn: {e.Message}");
            plots = [];
        }

        File.WriteAllText(Path.Combine(directory, Json), JsonSerializer.Serialize(new { results, goals = Goals.Check(results) }, JsonOptions));
        File.WriteAllText(Path.Combine(directory, Markdown), MarkdownReport.Write(results, plots));
    }
}
