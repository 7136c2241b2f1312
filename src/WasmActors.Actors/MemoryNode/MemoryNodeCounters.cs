namespace WasmActors.Actors.MemoryNode;

/// <summary>Counters of one memory node, shared by its actors and its bulk server's threads (and observed by <see cref="Telemetry.WasmActorsMetrics"/>).</summary>
internal sealed class MemoryNodeCounters
{
    private long _requests;
    private long _chunks;
    private long _bytes;
    private long _bulkBytes;
    private long _heldBytes;
    private long _copyBytesReceived;

    public long Requests => Interlocked.Read(ref _requests);

    public long Chunks => Interlocked.Read(ref _chunks);

    public long Bytes => Interlocked.Read(ref _bytes);

    public long BulkBytes => Interlocked.Read(ref _bulkBytes);

    /// <summary>Bytes of snapshot copies this node fetched from other memory nodes over the bulk path (ADR-022).</summary>
    public long BulkCopyBytesReceived => Interlocked.Read(ref _copyBytesReceived);

    /// <summary>Snapshot bytes the node holds (what its capacity counts).</summary>
    public long HeldBytes
    {
        get => Interlocked.Read(ref _heldBytes);
        set => Interlocked.Exchange(ref _heldBytes, value);
    }

    public void Served(int chunks, long bytes)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _chunks, chunks);
        Interlocked.Add(ref _bytes, bytes);
    }

    public void BulkServed(long bytes) => Interlocked.Add(ref _bulkBytes, bytes);

    public void BulkCopyReceived(long bytes) => Interlocked.Add(ref _copyBytesReceived, bytes);
}
