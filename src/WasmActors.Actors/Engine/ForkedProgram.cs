using WasmActors.Actors.Internal;
using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Actors.Engine;

/// <summary>
/// An instance continued from a snapshot: a fork of the batch's restore, its machine and WASI state put back. It
/// tells <paramref name="starts"/> when it is ready at its first instruction (or could not get there). Its engine
/// thread runs at nice <paramref name="engineNice"/> (see <see cref="ThreadNice"/>).
/// </summary>
internal sealed class ForkedProgram(ForkBatch batch, ForkStartTracker.Ticket? starts = null, int engineNice = 0) : InstanceProgram
{
    public override string Name => batch.ProgramName;

    /// <summary>The restore this instance is a fork of (shared with the other forks of its snapshot on this node).</summary>
    public ForkBatch Batch => batch;

    public Snapshot.Restore.ForkMetrics? Metrics { get; private set; }

    public override PreparedInstance Prepare(InstanceStreams streams)
    {
        ThreadNice.Set(engineNice);
        PreparedInstance prepared;
        try
        {
            prepared = PrepareFork(streams);
        }
        catch
        {
            starts?.Failed();
            throw;
        }

        // The engine thread's next step is the first instruction of the restored machine.
        starts?.Started();
        return prepared;
    }

    private PreparedInstance PrepareFork(InstanceStreams streams)
    {
        // The snapshot layer's codec restores arguments, environment and descriptors; this node supplies the streams
        // and the host directories of the guest's preopens.
        var wasi = WasiState.Restore(
            batch.WasiState,
            new WasiConfig
            {
                StandardOutput = streams.StandardOutput,
                StandardError = streams.StandardError,
                StandardStreamsAreTerminals = true,
                Preopens = batch.Preopens,
                Clock = SlotReleasingClock.System,
                MaxOpenFiles = MaxOpenFiles,
            });
        var fork = batch.Fork(wasi);
        Metrics = fork.Metrics;
        var machine = fork.Machine ?? throw new InvalidDataException($"snapshot {batch.SnapshotId} holds no paused program");
        return new PreparedInstance(fork.Store, machine, wasi, batch.NextOutputSequence);
    }
}
