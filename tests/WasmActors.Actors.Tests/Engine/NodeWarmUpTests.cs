using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;

namespace WasmActors.Actors.Tests;

/// <summary>
/// The run node's warm-up program runs through start, capture (whole and delta), restore and fork, and the actors'
/// code is compiled ahead.
/// </summary>
public sealed class NodeWarmUpTests
{
    [Fact]
    public async Task TheWarmUpProgramRunsThroughCaptureRestoreAndForks()
    {
        var settings = WasmActorsSettings.Create(WasmActorsConfig.Reference, "127.0.0.1:0");
        var outcome = new TaskCompletionSource<(TimeSpan? Took, int Compiled, string? Failure)>();
        NodeWarmUp.Start(settings, (took, compiled, failure) => outcome.SetResult((took, compiled, failure)));

        var (took, compiled, failure) = await outcome.Task.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.Null(failure);
        Assert.NotNull(took);
        Assert.True(compiled > 0, "no method was compiled ahead");
    }
}
