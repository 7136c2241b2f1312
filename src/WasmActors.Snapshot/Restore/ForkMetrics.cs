using System.Diagnostics;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Restore;

/// <summary>What one restore or fork cost: round trips, bytes, faults and times. Thread-safe counters.</summary>
internal sealed class ForkMetrics
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _requests;
    private long _chunks;
    private long _bytes;
    private long _firstInstruction;
    private long _completed;
    private long _storeUnitFaults;

    /// <summary>Round trips to the source (for a further fork: those its own table and segment faults made).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Chunks received from the source.</summary>
    public long ChunksFetched => Interlocked.Read(ref _chunks);

    /// <summary>Bytes received from the source.</summary>
    public long BytesFetched => Interlocked.Read(ref _bytes);

    /// <summary>Bytes received before the first instruction could run.</summary>
    public long BytesBeforeFirstInstruction { get; private set; }

    /// <summary>Round trips made before the first instruction could run (<see cref="Requests"/> goes on with the faults after it).</summary>
    public long RequestsBeforeFirstInstruction { get; private set; }

    /// <summary>Bytes of pages and instance state copied into the fork before its first instruction.</summary>
    public long BytesCopiedBeforeFirstInstruction { get; internal set; }

    /// <summary>Faults taken so far: software page faults of its memories plus <see cref="StoreUnitFaults"/>.</summary>
    public long Faults => (Store?.Memories.Sum(m => m.Faults) ?? 0) + StoreUnitFaults;

    /// <summary>First touches of its pseudo-initialised tables and segments (each resolves that instance's fault reference once).</summary>
    public long StoreUnitFaults => Interlocked.Read(ref _storeUnitFaults);

    /// <summary>Pages its memories own (copied or written), i.e. what the fork costs beyond what it shares.</summary>
    public long OwnedPages => Store?.Memories.Sum(m => m.OwnedPageCount) ?? 0;

    public TimeSpan TimeToFirstInstruction => Stopwatch.GetElapsedTime(_started, Interlocked.Read(ref _firstInstruction) is var t and > 0 ? t : Stopwatch.GetTimestamp());

    /// <summary>From the start of the restore to <see cref="MarkCompleted"/>; null until then.</summary>
    public TimeSpan? TimeToCompletion => Interlocked.Read(ref _completed) is var t and > 0 ? Stopwatch.GetElapsedTime(_started, t) : null;

    internal Store? Store { get; set; }

    /// <summary>Call when the fork's run has finished.</summary>
    public void MarkCompleted() => Interlocked.Exchange(ref _completed, Stopwatch.GetTimestamp());

    internal void CountStoreUnitFault() => Interlocked.Increment(ref _storeUnitFaults);

    internal void Fetched(int chunks, long bytes)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _chunks, chunks);
        Interlocked.Add(ref _bytes, bytes);
    }

    internal void MarkReady()
    {
        BytesBeforeFirstInstruction = BytesFetched;
        RequestsBeforeFirstInstruction = Requests;
        Interlocked.Exchange(ref _firstInstruction, Stopwatch.GetTimestamp());
    }

    public override string ToString() =>
        $"requests {Requests} ({RequestsBeforeFirstInstruction} before the first instruction), chunks {ChunksFetched}, fetched {BytesFetched} B ({BytesBeforeFirstInstruction} B before the first instruction), " +
        $"copied {BytesCopiedBeforeFirstInstruction} B, faults {Faults} ({StoreUnitFaults} of tables and segments), owned pages {OwnedPages}, first instruction after {TimeToFirstInstruction.TotalMicroseconds:F1} µs";
}
