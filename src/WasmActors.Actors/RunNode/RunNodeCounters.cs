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

    /// <summary>Times from fork requests to the forks' first instructions.</summary>
    public ForkStartTimes ForkStarts { get; } = new();

    public void FaultRequested() => Interlocked.Increment(ref _faultRequests);

    public void LateReply() => Interlocked.Increment(ref _lateReplies);

    public void Fetched(long bytes) => Interlocked.Add(ref _bytesFetched, bytes);

    public void BulkFetched(long bytes) => Interlocked.Add(ref _bulkBytesFetched, bytes);
}
