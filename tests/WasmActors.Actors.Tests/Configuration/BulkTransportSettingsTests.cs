using Akka.Configuration;
using WasmActors.Actors.Configuration;
using WasmActors.Transport;

namespace WasmActors.Actors.Tests;

/// <summary>wasmactors.bulk.transport takes exactly the names PageTransports.Select does, and the reference's
/// run-node defaults are what a node reads when its own file sets none.</summary>
public sealed class BulkTransportSettingsTests
{
    [Theory]
    [InlineData("quic")]
    [InlineData("ngtcp2")]
    [InlineData("msquic")]
    [InlineData("tcp")]
    public void EveryNameTheTransportSelectsIsAValidSetting(string name)
    {
        Assert.Contains(name, PageTransports.Names);
        Assert.Equal(name, WasmActorsSettings.Create(WasmActorsConfig.FromText($"wasmactors.bulk.transport = {name}"), "h:1").Bulk.Transport);
    }

    [Fact]
    public void AnUnknownNameIsRefusedNamingTheKnownOnes()
    {
        var error = Assert.Throws<ConfigurationException>(() => WasmActorsSettings.Create(WasmActorsConfig.FromText("wasmactors.bulk.transport = carrier-pigeon"), "h:1"));
        Assert.Contains("quic, ngtcp2, msquic or tcp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheQuicPayloadSizeReachesThePageTransportAndMustBeOneQuicAccepts()
    {
        Assert.Equal(1452, WasmActorsSettings.Create(WasmActorsConfig.Reference, "h:1").Bulk.QuicMaxUdpPayload);
        var config = WasmActorsConfig.FromText("wasmactors.bulk.quic-max-udp-payload = 1400\nwasmactors.remote-tls.insecure-plaintext = on");
        var settings = WasmActorsSettings.Create(config, "h:1");
        using var security = BulkPathSecurity.For(config, settings.Bulk, null);
        Assert.Equal(1400, security.ServerOptions(settings).QuicMaxUdpPayload);

        var error = Assert.Throws<ConfigurationException>(() => WasmActorsSettings.Create(WasmActorsConfig.FromText("wasmactors.bulk.quic-max-udp-payload = 1000"), "h:1"));
        Assert.Contains("quic-max-udp-payload = 1000 must be between 1200 and 65000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultRunNodeSettingsAreTheReferenceRead()
    {
        Assert.Equal(RunNodeSettings.Default, WasmActorsSettings.Create(WasmActorsConfig.Reference, "h:1").RunNode with
        {
            PreopenRoots = RunNodeSettings.Default.PreopenRoots,
            Preopens = RunNodeSettings.Default.Preopens,
        });
        Assert.Equal(new CacheBounds(256, 1L << 30, TimeSpan.FromMinutes(30)), RunNodeSettings.Default.ModuleCache);
        Assert.Equal(long.MaxValue, RunNodeSettings.Default.RestoreCache.MaxBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), RunNodeSettings.Default.MemoryNodeWait);
    }
}
