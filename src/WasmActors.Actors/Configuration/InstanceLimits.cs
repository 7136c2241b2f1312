using System.Globalization;
using Akka.Configuration;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.Configuration;

/// <summary>
/// The limits one instance runs under, each resolved from its request (<see cref="ProgramLimits"/>) over the run
/// node's defaults (wasmactors.run-node.limits). Null means no bound. See docs/security.md.
/// </summary>
public sealed record InstanceLimits(long MaxMemoryBytes, long? Fuel, TimeSpan? WallTime, long? OutputBytes, long? OutputBytesPerSecond, int OpenFiles)
{
    /// <summary>The wasm32 address space: 65,536 pages of 64 KiB.</summary>
    public const long Wasm32MaxBytes = 65536L * 65536;

    /// <summary>How many wasm pages <see cref="MaxMemoryBytes"/> allows.</summary>
    internal uint MaxMemoryPages => (uint)Math.Min(MaxMemoryBytes / 65536, 65536);

    /// <summary>
    /// <paramref name="asked"/> over these defaults; a value that is out of range gives a refusal naming the limit
    /// (the request is refused before anything is allocated).
    /// </summary>
    internal InstanceLimits Resolve(ProgramLimits? asked, out string? refusal)
    {
        refusal = null;
        if (asked is null)
        {
            return this;
        }

        refusal = asked switch
        {
            { MaxMemoryBytes: < 65536 or > Wasm32MaxBytes } => $"limit max-memory = {asked.MaxMemoryBytes} bytes is outside 64 KiB..4 GiB",
            { Fuel: < 1 } => $"limit fuel = {asked.Fuel} must be at least 1",
            { WallTimeMilliseconds: < 1 } => $"limit wall-time = {asked.WallTimeMilliseconds} ms must be at least 1 ms",
            { OutputBytes: < 0 } => $"limit output-bytes = {asked.OutputBytes} must not be negative",
            { OutputBytesPerSecond: < 1 } => $"limit output-bytes-per-second = {asked.OutputBytesPerSecond} must be at least 1",
            { OpenFiles: < 3 or > Wasm.Wasi.WasiConfig.MaxOpenFilesBound } => $"limit open-files = {asked.OpenFiles} is outside 3..{Wasm.Wasi.WasiConfig.MaxOpenFilesBound} (the standard streams take 3)",
            _ => null,
        };
        return new InstanceLimits(
            asked.MaxMemoryBytes ?? MaxMemoryBytes,
            asked.Fuel ?? Fuel,
            asked.WallTimeMilliseconds is { } wall ? TimeSpan.FromMilliseconds(wall) : WallTime,
            asked.OutputBytes ?? OutputBytes,
            asked.OutputBytesPerSecond ?? OutputBytesPerSecond,
            asked.OpenFiles ?? OpenFiles);
    }

    /// <summary>What a migrated program takes along: these limits less what it has used of them.</summary>
    internal ProgramLimits Remaining(long? fuelLeft, TimeSpan ran, long outputWritten) => new(
        MaxMemoryBytes,
        fuelLeft ?? Fuel,
        WallTime is { } wall ? Math.Max(1, (long)(wall - ran).TotalMilliseconds) : null,
        OutputBytes is { } output ? Math.Max(0, output - outputWritten) : null,
        OutputBytesPerSecond,
        OpenFiles);

    /// <summary>Reads wasmactors.run-node.limits; every key must be there (reference.conf has them all).</summary>
    internal static InstanceLimits Read(Config limits) => new(
        Size(limits, "max-memory") is { } memory and >= 65536 and <= Wasm32MaxBytes
            ? memory
            : throw new ConfigurationException("wasmactors.run-node.limits.max-memory must be a size between 64KiB and 4GiB"),
        Count(limits, "fuel"),
        Duration(limits, "wall-time"),
        Size(limits, "output-bytes"),
        Size(limits, "output-bytes-per-second"),
        (int)(Count(limits, "open-files") is { } files and >= 3 and <= Wasm.Wasi.WasiConfig.MaxOpenFilesBound
            ? files
            : throw new ConfigurationException($"wasmactors.run-node.limits.open-files must be a count between 3 and {Wasm.Wasi.WasiConfig.MaxOpenFilesBound}")));

    /// <summary>A size such as 64MiB, or "off" for none.</summary>
    internal static long? Size(Config section, string key) =>
        IsOff(section, key) ? null : section.GetByteSize(key) is { } bytes and >= 0 ? bytes
            : throw new ConfigurationException($"wasmactors.run-node {key} must be a size (such as 64MiB) or off");

    /// <summary>A count, or "off" for none.</summary>
    internal static long? Count(Config section, string key) =>
        IsOff(section, key) ? null : long.TryParse(section.GetString(key), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count
            : throw new ConfigurationException($"wasmactors.run-node {key} must be a positive count or off");

    private static TimeSpan? Duration(Config section, string key) =>
        IsOff(section, key) ? null : section.GetTimeSpan(key, null, allowInfinite: false) is { } time && time > TimeSpan.Zero ? time
            : throw new ConfigurationException($"wasmactors.run-node {key} must be a positive duration or off");

    private static bool IsOff(Config section, string key) =>
        string.Equals(section.GetString(WasmActorsSettings.Present(section, key)), "off", StringComparison.OrdinalIgnoreCase);
}
