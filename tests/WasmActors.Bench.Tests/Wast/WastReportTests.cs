using WasmActors.Bench.Wast;

namespace WasmActors.Bench.Tests.Wast;

public sealed class WastReportTests
{
    [Fact]
    public void Notes_and_causes_are_summed_over_files_and_the_total_line_comes_last()
    {
        var output = new StringWriter();
        var report = new WastReport(output, verbose: false);

        report.Add(Result("a", passNote: "assert_invalid rejected by the loader, not the validator", failCause: "invoke: wrong result"));
        report.Add(Result("b", passNote: "assert_invalid rejected by the loader, not the validator", failCause: "invoke: wrong result"));
        report.WriteTotals();

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("2 passed, 2 failed, 2 skipped", lines[^1]);
        Assert.Contains("        2  assert_invalid rejected by the loader, not the validator", lines);
        Assert.Contains("        2  invoke: wrong result", lines);
        Assert.Contains(lines, l => l.StartsWith("a ", StringComparison.Ordinal) && l.Contains("(skipped: 1 text format not supported)"));
        Assert.Contains("  a:3: assert_return: expected [i32:1 (0x00000001)], got [i32:2 (0x00000002)]", lines);
        Assert.Equal((2, 2, 2), (report.Passed, report.Failed, report.Skipped));
    }

    private static FileResult Result(string name, string passNote, string failCause)
    {
        var builder = new FileResultBuilder(name);
        builder.Record(1, "assert_invalid", CommandOutcome.PassWithNote(passNote));
        builder.Record(2, "assert_return", CommandOutcome.Skip(WastFileRunner.TextModuleSkipReason));
        builder.Record(3, "assert_return", CommandOutcome.Fail("[i32:1 (0x00000001)]", "[i32:2 (0x00000002)]", failCause));
        return builder.Build(TimeSpan.FromMilliseconds(5));
    }
}
