using WasmActors.Actors.MemoryNode;

namespace WasmActors.Actors.Tests;

/// <summary>wasmactors.memory-node.replicas against the memory nodes up: the target, and when a shortfall is worth a warning.</summary>
public sealed class ReplicaCountTests
{
    [Theory]
    [InlineData(null, 1, 1)]
    [InlineData(null, 2, 2)]
    [InlineData(null, 5, 2)]
    [InlineData(3, 2, 2)]
    [InlineData(3, 4, 3)]
    [InlineData(1, 4, 1)]
    public void TheTargetIsTheCountButNoMoreThanTheMemoryNodesUp(int? configured, int up, int target) =>
        Assert.Equal(target, new ReplicaCount(configured).Target(up));

    [Fact]
    public void AShortfallIsReportedOncePerChange()
    {
        var count = new ReplicaCount(null);
        Assert.Contains("held by 1 of the 2", count.Shortfall(1), StringComparison.Ordinal);
        Assert.Null(count.Shortfall(1));
        Assert.Null(count.Shortfall(2));
        Assert.NotNull(count.Shortfall(1));
    }
}
