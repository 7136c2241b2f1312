using System.Globalization;

namespace WasmActors.Bench.Wast;

/// <summary>The text report: one line per file, its failures, a summary of failure causes and the total line.</summary>
internal sealed class WastReport
{
    public const int DefaultFailuresShown = 10;

    private readonly TextWriter _output;
    private readonly int _failuresShown;
    private readonly Dictionary<string, int> _causes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _notes = new(StringComparer.Ordinal);

    public WastReport(TextWriter output, bool verbose)
    {
        _output = output;
        _failuresShown = verbose ? int.MaxValue : DefaultFailuresShown;
    }

    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public int Skipped { get; private set; }

    public static string Legend =>
        "skipped: SIMD is decoded and validated but not executed (commands with v128 values or running v128 code); " +
        "assert_malformed on text (.wat) modules is " +
        "a text parser's business, and only binary modules are consumed.";

    /// <summary>The closing line: <c>N passed, M failed, K skipped</c>.</summary>
    public static string TotalLine(int passed, int failed, int skipped) => $"{passed} passed, {failed} failed, {skipped} skipped";

    /// <summary>A file's line, e.g. <c>address  256 passed  0 failed  0 skipped  0.12 s</c>.</summary>
    public static string FileLine(FileResult result)
    {
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{result.Name,-30} {result.Passed,6} passed {result.Failed,6} failed {result.Skipped,6} skipped {result.Elapsed.TotalSeconds,8:0.00} s");
        return result.SkipReasons.Count == 0
            ? line
            : $"{line}  (skipped: {string.Join(", ", result.SkipReasons.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Value} {r.Key}"))})";
    }

    /// <summary>The failures of a file, at most <paramref name="limit"/>, with a note of how many were left out.</summary>
    public static IEnumerable<string> FailureLines(FileResult result, int limit)
    {
        foreach (var failure in result.Failures.Take(limit))
        {
            yield return $"  {failure}";
        }

        if (result.Failures.Count > limit)
        {
            yield return $"  ... and {result.Failures.Count - limit} more failures (--verbose shows all)";
        }
    }

    public void WriteLegend() => _output.WriteLine(Legend);

    public void Add(FileResult result)
    {
        Passed += result.Passed;
        Failed += result.Failed;
        Skipped += result.Skipped;
        foreach (var (cause, count) in result.FailureCauses)
        {
            _causes[cause] = _causes.GetValueOrDefault(cause) + count;
        }

        foreach (var (note, count) in result.PassNotes)
        {
            _notes[note] = _notes.GetValueOrDefault(note) + count;
        }

        _output.WriteLine(FileLine(result));
        foreach (var line in FailureLines(result, _failuresShown))
        {
            _output.WriteLine(line);
        }
    }

    /// <summary>Writes the pass notes and failure causes (most frequent first), then the total line, which is always last.</summary>
    public void WriteTotals()
    {
        WriteCounts("passed, with a note:", _notes);
        WriteCounts("failures by cause:", _causes);
        _output.WriteLine(TotalLine(Passed, Failed, Skipped));
    }

    private void WriteCounts(string title, Dictionary<string, int> counts)
    {
        if (counts.Count == 0)
        {
            return;
        }

        _output.WriteLine(title);
        foreach (var (key, count) in counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            _output.WriteLine($"  {count,7}  {key}");
        }
    }
}
