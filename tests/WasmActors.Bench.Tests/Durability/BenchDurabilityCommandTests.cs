using WasmActors.Bench.Commands;
using WasmActors.Bench.Durability;
using WasmActors.Bench.EndToEnd;
using WasmActors.Wasm.Tests.Wasi;
using Xunit.Abstractions;

namespace WasmActors.Bench.Tests.Durability;

/// <summary>
/// `wasmactors-bench durability` refuses bad arguments before anything starts. Its steps start clusters of their own
/// (in-process, and node processes) for minutes; the behaviour they time is tested by ReplicationTests,
/// ReplicationProcessTests and IndependenceTests, and the bench itself is run by hand (figures in ADR-022).
/// </summary>
public sealed class BenchDurabilityCommandTests
{
    [Theory]
    [InlineData(0, 19)]
    [InlineData(1, 20)]
    public async Task Bad_arguments_are_refused_with_a_reason_and_exit_code_2(int rounds, int nice)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var arguments = new DurabilityArguments(rounds, null, NoProcesses: true, nice, null, SampleCase.SamplesDirectory);
        Assert.Equal(2, await BenchDurabilityCommand.RunAsync(arguments, output, error));
        Assert.Contains("wasmactors-bench durability:", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task A_missing_wasmactors_for_the_node_processes_is_refused_before_anything_starts()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var arguments = new DurabilityArguments(1, "/nonexistent/wasmactors.dll", NoProcesses: false, 19, null, SampleCase.SamplesDirectory);
        Assert.Equal(2, await BenchDurabilityCommand.RunAsync(arguments, output, error));
        Assert.Contains("/nonexistent/wasmactors.dll must exist", error.ToString(), StringComparison.Ordinal);
    }
}
