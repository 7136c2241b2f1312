using Akka.Configuration;
using WasmActors.Actors.Configuration;

namespace WasmActors.Actors.Tests;

/// <summary>wasmactors.run-node.decoded-module-cache-size: a size, 128 MiB unless set, and never zero.</summary>
public sealed class DecodedModuleCacheSettingsTests
{
    [Fact]
    public void TheBoundIsASizeWithADefault()
    {
        Assert.Equal(128L << 20, RunNodeSettings.Default.DecodedModuleCacheBytes);
        Assert.Equal(32L << 20, WasmActorsSettings.Create(WasmActorsConfig.FromText("wasmactors.run-node.decoded-module-cache-size = 32MiB"), "h:1").RunNode.DecodedModuleCacheBytes);
    }

    [Fact]
    public void AZeroBoundIsRefusedNamingTheKey()
    {
        var error = Assert.Throws<ConfigurationException>(() => WasmActorsSettings.Create(WasmActorsConfig.FromText("wasmactors.run-node.decoded-module-cache-size = 0"), "h:1"));
        Assert.Contains("decoded-module-cache-size", error.Message, StringComparison.Ordinal);
    }
}
