using Akka.Configuration;
using WasmActors.Actors.Configuration;

namespace WasmActors.Actors.Tests;

/// <summary>wasmactors.run-node.run-slots and time-slice: the defaults, explicit values, and bad values refused at start.</summary>
public sealed class RunSlotSettingsTests
{
    [Fact]
    public void TheDefaultIsOneSlotPerProcessorAndTenMillisecondSlices()
    {
        var settings = WasmActorsSettings.Create(WasmActorsConfig.Reference, "h:1").RunNode;
        Assert.Equal(Environment.ProcessorCount, settings.RunSlots);
        Assert.Equal(TimeSpan.FromMilliseconds(10), settings.TimeSlice);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("3", 3)]
    [InlineData("cores", -1)]
    public void RunSlotsIsACountZeroOrCores(string value, int expected)
    {
        var settings = Read($"wasmactors.run-node {{ run-slots = {value}, time-slice = 2ms }}");
        Assert.Equal(expected < 0 ? Environment.ProcessorCount : expected, settings.RunSlots);
        Assert.Equal(TimeSpan.FromMilliseconds(2), settings.TimeSlice);
    }

    [Theory]
    [InlineData("run-slots = -1", "run-slots")]
    [InlineData("run-slots = many", "run-slots")]
    [InlineData("time-slice = 0s", "time-slice")]
    public void BadValuesAreRefusedAtStart(string setting, string key)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read($"wasmactors.run-node {{ {setting} }}"));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static RunNodeSettings Read(string hocon) => WasmActorsSettings.Create(WasmActorsConfig.FromText(hocon), "h:1").RunNode;
}
