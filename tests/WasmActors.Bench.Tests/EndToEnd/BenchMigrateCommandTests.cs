using WasmActors.Bench.Commands;
using WasmActors.Wasm.Tests.Wasi;

namespace WasmActors.Bench.Tests.EndToEnd;

/// <summary>`wasmactors-bench migrate` refuses what it cannot run before it starts a cluster.</summary>
public sealed class BenchMigrateCommandTests
{
    [Theory]
    [InlineData(new[] { 64 }, 0, 19)]
    [InlineData(new[] { 48 }, 3, 19)]
    [InlineData(new[] { 2048 }, 3, 19)]
    [InlineData(new int[0], 3, 19)]
    [InlineData(new[] { 64 }, 3, 20)]
    public async Task Bad_arguments_are_refused_with_a_reason_and_exit_code_2(int[] sizes, int repetitions, int nice)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var samples = SampleCase.SamplesDirectory;
        Assert.Equal(2, await BenchMigrateCommand.RunAsync(sizes, repetitions, samples, nice, output, error));
        Assert.Contains("wasmactors-bench migrate:", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }
}
