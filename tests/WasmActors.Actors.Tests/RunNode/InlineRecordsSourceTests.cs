using WasmActors.Actors.Messages;
using WasmActors.Actors.RunNode;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Actors.Tests;

/// <summary>The records a migration's ContinueFrom carries: served locally, everything else asked of the memory node.</summary>
public sealed class InlineRecordsSourceTests
{
    [Fact]
    public void Carried_chunks_are_served_locally_and_only_the_rest_is_fetched_in_order()
    {
        byte[] manifest = [1, 2, 3];
        byte[] record = [4, 5];
        byte[] page = [6, 7, 8, 9];
        var inner = new CountingSource(new Dictionary<ChunkId, byte[]> { [ChunkId.Of(page)] = page });
        var source = InlineRecordsSource.TryOpen(BlobParts.JoinChunks([manifest, record]), inner)!;

        Assert.Equal(manifest, source.FetchManifest());
        var chunks = source.FetchChunks([ChunkId.Of(page), ChunkId.Of(record)]);
        Assert.Equal(page, chunks[0]);
        Assert.Equal(record, chunks[1]);
        Assert.Equal([ChunkId.Of(page)], inner.Asked);

        Assert.Equal(record, source.FetchChunks([ChunkId.Of(record)])[0]);
        Assert.Single(inner.Asked); // nothing more went to the memory node
    }

    [Fact]
    public void Malformed_or_empty_records_leave_the_memory_node_as_the_only_source()
    {
        var inner = new CountingSource([]);
        Assert.Null(InlineRecordsSource.TryOpen([0xff, 0xff, 0xff, 0x7f, 1], inner));
        Assert.Null(InlineRecordsSource.TryOpen([1, 0], inner));
        Assert.Null(InlineRecordsSource.TryOpen([], inner));
    }

    private sealed class CountingSource(Dictionary<ChunkId, byte[]> chunks) : ISnapshotSource
    {
        public List<ChunkId> Asked { get; } = [];

        public byte[] FetchManifest() => throw new InvalidOperationException("the manifest came with the request");

        public IReadOnlyList<byte[]> FetchChunks(IReadOnlyList<ChunkId> ids)
        {
            Asked.AddRange(ids);
            return ids.Select(id => chunks[id]).ToArray();
        }

        public byte[] FetchWhole() => throw new InvalidOperationException("not asked");
    }
}
