using WasmActors.Node.Commands;

namespace WasmActors.Node.Tests;

/// <summary>The root of <c>wasmactors</c>: what its help lists, and the exit code of a line that does not parse.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void The_root_help_says_what_wasmactors_is_and_lists_its_commands_but_not_the_benchmarks()
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        Assert.Equal(0, CommandLine.Run(["--help"], output, error));

        var help = output.ToString();
        Assert.Contains("wasmactors — run WebAssembly programs as Akka.NET actors", help);
        Assert.Contains("run <MODULE> <ARGS>", help);
        Assert.Contains("node ", help);
        // The measurements and the spec-suite runner are wasmactors-bench's.
        Assert.DoesNotContain("bench", help);
        Assert.DoesNotContain("wast", help);
    }

    [Theory]
    [InlineData("no-such-command")]
    [InlineData("bench")]
    [InlineData("wast", "x.json")]
    [InlineData("run")]
    public void A_command_line_that_does_not_parse_exits_2(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        Assert.Equal(CommandLine.UsageExitCode, CommandLine.Run(args, output, error));
        Assert.NotEmpty(error.ToString());
    }
}
