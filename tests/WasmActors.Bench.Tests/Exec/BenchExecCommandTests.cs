using WasmActors.Bench.Commands;
using WasmActors.Bench.Exec;
using WasmActors.Wasm.Tests.Wasi;

namespace WasmActors.Bench.Tests.Exec;

/// <summary><c>wasmactors-bench exec</c>: the summary arithmetic, and one quick real run in both engines.</summary>
public sealed class BenchExecCommandTests
{
    [Fact]
    public void GeometricMeanOfRatios()
    {
        Assert.Equal(4.0, ExecBenchmark.GeometricMean([2.0, 8.0]), 9);
        Assert.Equal(1.0, ExecBenchmark.GeometricMean([0.5, 2.0]), 9);
        Assert.True(double.IsNaN(ExecBenchmark.GeometricMean([])));
    }

    [Fact]
    public void QuickRunPrintsARowPerProgramAndTheGeometricMean()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = BenchCommand.Run(["exec", "--quick", "-n", "1", "--program", "pidigits", "--program", "wordcount", "--samples", SampleCase.SamplesDirectory], output, error);

        Assert.Equal("", error.ToString());
        Assert.Equal(0, code);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ExecBenchmark.Header, lines[1]);
        // Rows follow the benchmark's own order, not the order of the --program options.
        Assert.StartsWith("wordcount ", lines[2]);
        Assert.StartsWith("pidigits ", lines[3]);
        Assert.Matches(@"^geometric mean of ratios \(wasmactors / wasmtime\): [0-9.]+x over 2 programs$", lines[4]);
    }

    [Fact]
    public void UnknownProgramIsStatusTwo()
    {
        var error = new StringWriter();
        Assert.Equal(2, BenchCommand.Run(["exec", "--program", "nope", "--samples", SampleCase.SamplesDirectory], new StringWriter(), error));
        Assert.Contains("unknown program nope", error.ToString());
    }
}
