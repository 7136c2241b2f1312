namespace WasmActors.Actors.Messages;

/// <summary>
/// What one program may use, asked for at deploy or fork; a null field takes the run node's default
/// (wasmactors.run-node.limits). A program at <paramref name="MaxMemoryBytes"/> sees memory.grow fail, as wasm
/// programs expect; at <paramref name="OpenFiles"/> it gets EMFILE; passing any other limit ends it with a trap that
/// names the limit. A migrated program keeps what is left of its limits (fuel, wall time, output); a fork gets the
/// limits of its own request. docs/security.md lists them.
/// </summary>
/// <param name="MaxMemoryBytes">Linear memory, in bytes (rounded down to 64 KiB wasm pages).</param>
/// <param name="Fuel">Instructions budget: the engine counts taken branches and calls.</param>
/// <param name="WallTimeMilliseconds">Time from start (or, for a migrated program, what was left of it).</param>
/// <param name="OutputBytes">Bytes written to stdout and stderr together.</param>
/// <param name="OutputBytesPerSecond">Sustained output rate; bursts of up to one second's worth pass.</param>
/// <param name="OpenFiles">Descriptors open at once, the standard streams and preopens included.</param>
public sealed record ProgramLimits(
    long? MaxMemoryBytes = null,
    long? Fuel = null,
    long? WallTimeMilliseconds = null,
    long? OutputBytes = null,
    long? OutputBytesPerSecond = null,
    int? OpenFiles = null);
