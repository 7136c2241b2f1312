using WasmActors.Actors.Engine;
using WasmActors.Actors.Hosting;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Format;
using WasmActors.Transport;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// Serves the memory-page part of a chunk request over the bulk page path: maps chunk ids to (region, page) with the
/// snapshot's layout, asks for runs of consecutive pages per region, and cuts the reply back into pages. Chunks
/// that are not memory pages (records, code) are left to the Akka path. It asks the holder the snapshot's proxy
/// currently fetches from (<see cref="HolderCursor"/>): every holder of a snapshot serves the same layout.
/// </summary>
internal sealed class BulkPageFetcher
{
    private readonly Dictionary<ChunkId, (int Region, int Page)> _pages = [];
    private readonly HolderCursor _holder;
    private readonly BulkClients _clients;
    private readonly RunNodeCounters _counters;
    private readonly TimeSpan _timeout;

    public BulkPageFetcher(HolderCursor holder, RegionLayout[] layout, BulkClients clients, RunNodeCounters counters, TimeSpan timeout)
    {
        _holder = holder;
        _clients = clients;
        _counters = counters;
        _timeout = timeout;
        foreach (var region in layout)
        {
            for (var i = 0; i < region.PageIndices.Length; i++)
            {
                _pages.TryAdd(region.PageChunks[i], (region.Region, region.PageIndices[i]));
            }
        }
    }

    public bool IsPage(ChunkId id) => _pages.ContainsKey(id);

    /// <summary>The holder to ask now, when it serves a bulk path.</summary>
    public SnapshotRef? Holder => _holder.Current is { Bulk: not null } holder ? holder : null;

    /// <summary>
    /// Fetches the pages among <paramref name="ids"/> into <paramref name="results"/> (same positions) from
    /// <paramref name="snapshot"/>'s holder; false if the bulk path failed.
    /// </summary>
    public bool TryFetch(SnapshotRef snapshot, IReadOnlyList<ChunkId> ids, byte[]?[] results)
    {
        try
        {
            var client = _clients.GetAsync(snapshot.Bulk!).WaitAsync(_timeout).GetAwaiter().GetResult();
            foreach (var region in ids.Select((id, position) => (id, position)).Where(x => _pages.ContainsKey(x.id)).GroupBy(x => _pages[x.id].Region))
            {
                var wanted = region.OrderBy(x => _pages[x.id].Page).ToArray();
                var ranges = new List<PageRange>();
                foreach (var (id, _) in wanted)
                {
                    var page = (uint)_pages[id].Page;
                    if (ranges.Count > 0 && ranges[^1].End == page)
                    {
                        ranges[^1] = ranges[^1] with { Count = ranges[^1].Count + 1 };
                    }
                    else if (ranges.Count == 0 || ranges[^1].End < page)
                    {
                        ranges.Add(new PageRange(page, 1));
                    }
                }

                var reply = client.FetchAsync(BulkPageServer.KeyOf(snapshot.SnapshotId, region.Key), ranges).WaitAsync(_timeout).GetAwaiter().GetResult();
                _counters.BulkFetched(reply.Data.Length);
                var offsets = new Dictionary<int, int>();
                var at = 0;
                foreach (var range in ranges)
                {
                    for (var p = 0u; p < range.Count; p++)
                    {
                        offsets[(int)(range.FirstPage + p)] = at;
                        at += reply.PageSize;
                    }
                }

                foreach (var (id, position) in wanted)
                {
                    results[position] = reply.Data.Span.Slice(offsets[_pages[id].Page], reply.PageSize).ToArray();
                }
            }

            return true;
        }
        catch (Exception e) when (e is PageTransportException or TimeoutException or IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            _clients.Forget(snapshot.Bulk!);
            return false;
        }
    }
}
