using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;

namespace WasmActors.Actors.Tests;

/// <summary>The run node's warm-up program runs through start, capture (whole and delta), restore and fork.</summary>
public sealed class NodeWarmUpTests
{
    [Fact]
    public async Task TheWarmUpProgramRunsThroughCaptureRestoreAndForks()
    {
        var settings = WasmActorsSettings.Create(WasmActorsConfig.Reference, "127.0.0.1:0");
        var outcome = new TaskCompletionSource<(TimeSpan? Took, string? Failure)>();
        NodeWarmUp.Start(settings, (took, failure) => outcome.SetResult((took, failure)));

        var (took, failure) = await outcome.Task.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.Null(failure);
        Assert.NotNull(took);
    }
}
