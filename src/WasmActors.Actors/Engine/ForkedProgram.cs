using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Actors.Engine;

/// <summary>An instance continued from a snapshot: a fork of the batch's restore, its machine and WASI state put back.</summary>
internal sealed class ForkedProgram(ForkBatch batch) : InstanceProgram
{
    public override string Name => batch.HostState.TryGetValue(HostStateNames.Name, out var name) ? System.Text.Encoding.UTF8.GetString(name) : batch.SnapshotId;

    public Snapshot.Restore.ForkMetrics? Metrics { get; private set; }

    public override PreparedInstance Prepare(InstanceStreams streams)
    {
        // The snapshot layer's codec restores arguments, environment and descriptors; this node supplies the streams.
        var wasi = WasiState.Restore(
            [new HostStateEntry(HostStateNames.Wasi, Required(HostStateNames.Wasi))],
            new WasiConfig
            {
                StandardOutput = streams.StandardOutput,
                StandardError = streams.StandardError,
                StandardStreamsAreTerminals = true,
            });
        var fork = batch.Fork(wasi);
        Metrics = fork.Metrics;
        var machine = fork.Machine ?? throw new InvalidDataException($"snapshot {batch.SnapshotId} holds no paused program");
        var store = fork.Store;
        var sequence = batch.HostState.TryGetValue(HostStateNames.Output, out var output) && output.Length == 8 ? BitConverter.ToInt64(output) : 0;
        return new PreparedInstance(store, machine, wasi, sequence);
    }

    private byte[] Required(string name) =>
        batch.HostState.TryGetValue(name, out var bytes) ? bytes : throw new InvalidDataException($"snapshot {batch.SnapshotId} has no {name} state");
}
