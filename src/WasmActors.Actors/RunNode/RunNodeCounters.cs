namespace WasmActors.Actors.RunNode;

/// <summary>Counters of one run node, shared by its actors and engine threads (and observed by <see cref="Telemetry.WasmActorsMetrics"/>).</summary>
internal sealed class RunNodeCounters(string node)
{
    private long _faultRequests;
    private int _instances;
    private long _lateReplies;
    private long _bytesFetched;
    private long _bulkBytesFetched;
    private long _bulkFallbacks;
    private long _prefetches;

    /// <summary>The node's name (the tag of its figures).</summary>
    public string Node => node;

    public long FaultRequests => Interlocked.Read(ref _faultRequests);

    public long LateReplies => Interlocked.Read(ref _lateReplies);

    public long BytesFetched => Interlocked.Read(ref _bytesFetched);

    public long BulkBytesFetched => Interlocked.Read(ref _bulkBytesFetched);

    /// <summary>Bulk fetches that failed, whose pages were then fetched over Akka.Remote (<see cref="BulkFallbacks"/>).</summary>
    public long BulkFallbacks => Interlocked.Read(ref _bulkFallbacks);

    /// <summary>Snapshots whose code the node has prefetched (or tried to), whether or not any of it was new.</summary>
    public long Prefetches => Interlocked.Read(ref _prefetches);

    /// <summary>The node's run-slot gate (null when run-slots = 0): how many instances run guest code and how many wait.</summary>
    public Engine.RunSlotGate? RunSlots { get; set; }

    /// <summary>The node's decoded modules of snapshots (null until its run node actor starts).</summary>
    public Snapshot.Restore.ModuleCache? DecodedModules { get; set; }

    /// <summary>Instances holding a run slot now (0 without a gate).</summary>
    public int RunningInstances => RunSlots?.Running ?? 0;

    /// <summary>Instances waiting for a run slot now.</summary>
    public int WaitingInstances => RunSlots?.Waiting ?? 0;

    /// <summary>Times from fork requests to the forks' first instructions.</summary>
    public ForkStartTimes ForkStarts { get; } = new(node);

    /// <summary>Instances the node holds now.</summary>
    public int Instances
    {
        get => Volatile.Read(ref _instances);
        set => Volatile.Write(ref _instances, value);
    }

    public void FaultRequested() => Interlocked.Increment(ref _faultRequests);

    public void LateReply() => Interlocked.Increment(ref _lateReplies);

    public void Fetched(long bytes) => Interlocked.Add(ref _bytesFetched, bytes);

    public void BulkFetched(long bytes) => Interlocked.Add(ref _bulkBytesFetched, bytes);

    public void BulkFellBack() => Interlocked.Increment(ref _bulkFallbacks);

    public void Prefetched() => Interlocked.Increment(ref _prefetches);
}
