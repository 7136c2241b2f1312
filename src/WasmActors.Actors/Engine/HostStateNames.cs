namespace WasmActors.Actors.Engine;

/// <summary>Names of the host state entries an actor-hosted instance adds to its snapshots.</summary>
internal static class HostStateNames
{
    /// <summary>WASI: arguments, environment, preopen names and the fd table, in the snapshot layer's own encoding.</summary>
    public const string Wasi = WasmActors.Snapshot.Capture.WasiState.Name;

    /// <summary>The next output sequence number, so output continues where it stopped.</summary>
    public const string Output = "wasmactors.output";

    /// <summary>The program's name.</summary>
    public const string Name = "wasmactors.name";
}
