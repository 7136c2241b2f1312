using System.Text.RegularExpressions;
using WasmActors.Bench.Commands;
using WasmActors.Node.Commands;

namespace WasmActors.Bench.Tests.Wast;

public sealed partial class WastCommandTests : IDisposable
{
    private readonly TempSpecFolder _folder = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_bad_path_exits_2_with_one_line()
    {
        var exit = BenchCommand.Run(["wast", Path.Combine(_folder.Root, "missing")], _output, _error);

        Assert.Equal(WastCommand.BadPathExitCode, exit);
        Assert.Single(Lines(_error));
        Assert.Contains("missing", _error.ToString());
        Assert.Empty(_output.ToString());
    }

    [Fact]
    public void A_folder_without_failures_exits_0_and_ends_with_the_total_line()
    {
        _folder.AddScript("text_only", """
            {"commands": [{"type": "assert_malformed", "line": 4, "filename": "t.0.wat", "text": "unknown operator", "module_type": "text"}]}
            """);

        var exit = BenchCommand.Run(["wast", _folder.Root], _output, _error);

        var lines = Lines(_output);
        Assert.Equal(0, exit);
        Assert.Equal("0 passed, 0 failed, 1 skipped", lines[^1]);
        Assert.Contains(lines, l => l.StartsWith("text_only ", StringComparison.Ordinal) && l.Contains("1 text format not supported"));
        Assert.Contains(lines, l => l.Contains("text (.wat) modules"));
    }

    [Fact]
    public void Failures_are_listed_capped_per_file_and_exit_1()
    {
        var commands = string.Join(",\n", Enumerable.Range(1, 12).Select(i =>
            $$"""{"type": "action", "line": {{i}}, "action": {"type": "invoke", "field": "f", "args": []}, "expected": []}"""));
        _folder.AddScript("many", $$"""{"commands": [{{commands}}]}""");

        var exit = BenchCommand.Run(["wast", _folder.Root], _output, _error);

        var lines = Lines(_output);
        Assert.Equal(1, exit);
        Assert.Equal("0 passed, 12 failed, 0 skipped", lines[^1]);
        Assert.Equal(10, lines.Count(l => l.StartsWith("  many:", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("2 more failures"));
        Assert.Contains(lines, l => l.Contains("module unavailable"));
        Assert.Matches(TotalLinePattern(), lines[^1]);
    }

    [Fact]
    public void Verbose_lists_every_failure()
    {
        var commands = string.Join(",\n", Enumerable.Range(1, 12).Select(i =>
            $$"""{"type": "action", "line": {{i}}, "action": {"type": "invoke", "field": "f", "args": []}, "expected": []}"""));
        var path = _folder.AddScript("many", $$"""{"commands": [{{commands}}]}""");

        BenchCommand.Run(["wast", path, "--verbose"], _output, _error);

        Assert.Equal(12, Lines(_output).Count(l => l.StartsWith("  many:", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("wast")]
    [InlineData("no-such-command")]
    [InlineData("wast", "x.json", "--timeout", "soon")]
    public void A_command_line_that_does_not_parse_exits_2(params string[] args)
    {
        var exit = BenchCommand.Run(args, _output, _error);

        Assert.Equal(CommandLine.UsageExitCode, exit);
        Assert.NotEmpty(_error.ToString());
    }

    [Fact]
    public void The_root_help_says_what_wasmactors_bench_is_and_lists_its_commands()
    {
        var exit = BenchCommand.Run(["--help"], _output, _error);

        Assert.Equal(0, exit);
        Assert.Contains("wasmactors-bench — measure WasmActors on this machine", _output.ToString());
        foreach (var command in new[] { "exec", "fork", "migrate", "transport", "wast", "--quick", "--no-cluster" })
        {
            Assert.Contains(command, _output.ToString());
        }
    }

    private static string[] Lines(StringWriter writer) =>
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    [GeneratedRegex(@"^\d+ passed, \d+ failed, \d+ skipped$")]
    private static partial Regex TotalLinePattern();
}
