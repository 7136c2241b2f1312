using Akka.Configuration;
using WasmActors.Actors.Configuration;
using WasmActors.TestKit;

namespace WasmActors.Actors.Tests;

/// <summary>
/// wasmactors.memory-node.max-bytes: a size or "auto", anything else stops the node with the key named;
/// store-path: empty for memory only, else a directory read relative to the working directory; replicas: "auto"
/// or a positive number.
/// </summary>
public sealed class MemoryNodeSettingsTests
{
    [Theory]
    [InlineData("max-bytes = 2GiB", 2L << 30)]
    [InlineData("max-bytes = auto", -1L)]
    [InlineData("", -1L)]
    public void MaxBytesIsASizeOrAuto(string setting, long expected)
    {
        var settings = WasmActorsSettings.Create(WasmActorsTestKit.NodeConfig("memory-node.conf", "m", $"wasmactors.memory-node {{ {setting} }}"), "h:1");
        Assert.Equal(expected > 0 ? expected : MemoryNodeSettings.AutoMaxBytes, settings.MemoryNode.MaxBytes);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("lots")]
    public void ABadMaxBytesIsAConfigurationError(string value)
    {
        var error = Assert.ThrowsAny<Exception>(() => WasmActorsSettings.Create(WasmActorsTestKit.NodeConfig("memory-node.conf", "m", $"wasmactors.memory-node.max-bytes = {value}"), "h:1"));
        Assert.IsType<ConfigurationException>(error);
        Assert.Contains("max-bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("store-path = \"\"", null)]
    [InlineData("store-path = \"memory-store\"", "memory-store")]
    public void StorePathIsEmptyForMemoryOnlyOrADirectory(string setting, string? expected)
    {
        var settings = WasmActorsSettings.Create(WasmActorsTestKit.NodeConfig("memory-node.conf", "m", $"wasmactors.memory-node {{ {setting} }}"), "h:1");
        Assert.Equal(expected is null ? null : Path.GetFullPath(expected), settings.MemoryNode.StorePath);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("replicas = auto", null)]
    [InlineData("replicas = 3", 3)]
    public void ReplicasIsAutoOrANumber(string setting, int? expected)
    {
        var settings = WasmActorsSettings.Create(WasmActorsTestKit.NodeConfig("memory-node.conf", "m", $"wasmactors.memory-node {{ {setting} }}"), "h:1");
        Assert.Equal(expected, settings.MemoryNode.Replicas);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("two")]
    public void BadReplicasIsAConfigurationError(string value)
    {
        var error = Assert.ThrowsAny<Exception>(() => WasmActorsSettings.Create(WasmActorsTestKit.NodeConfig("memory-node.conf", "m", $"wasmactors.memory-node.replicas = {value}"), "h:1"));
        Assert.IsType<ConfigurationException>(error);
        Assert.Contains("replicas", error.Message, StringComparison.Ordinal);
    }
}
