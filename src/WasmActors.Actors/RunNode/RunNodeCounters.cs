namespace WasmActors.Actors.RunNode;

/// <summary>Counters of one run node, shared by its actors and engine threads.</summary>
internal sealed class RunNodeCounters
{
    private long _faultRequests;
    private long _lateReplies;
    private long _bytesFetched;
    private long _bulkBytesFetched;

    public long FaultRequests => Interlocked.Read(ref _faultRequests);

    public long LateReplies => Interlocked.Read(ref _lateReplies);

    public long BytesFetched => Interlocked.Read(ref _bytesFetched);

    public long BulkBytesFetched => Interlocked.Read(ref _bulkBytesFetched);

    /// <summary>The node's run-slot gate (null when run-slots = 0): how many instances run guest code and how many wait.</summary>
    public Engine.RunSlotGate? RunSlots { get; set; }

    /// <summary>Instances holding a run slot now (0 without a gate).</summary>
    public int RunningInstances => RunSlots?.Running ?? 0;

    /// <summary>Instances waiting for a run slot now.</summary>
    public int WaitingInstances => RunSlots?.Waiting ?? 0;

    /// <summary>Times from fork requests to the forks' first instructions.</summary>
    public ForkStartTimes ForkStarts { get; } = new();

    public void FaultRequested() => Interlocked.Increment(ref _faultRequests);

    public void LateReply() => Interlocked.Increment(ref _lateReplies);

    public void Fetched(long bytes) => Interlocked.Add(ref _bytesFetched, bytes);

    public void BulkFetched(long bytes) => Interlocked.Add(ref _bulkBytesFetched, bytes);
}
