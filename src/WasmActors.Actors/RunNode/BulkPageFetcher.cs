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
    private readonly BulkFallbacks _fallbacks;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _slowAfter;
    private readonly Action<SnapshotRef> _slow;

    /// <param name="slowAfter">How long a holder may take before <paramref name="slow"/> hears of it (the proxy then
    /// looks for another holder); the fetch is abandoned as soon as the proxy has moved, else after <paramref name="timeout"/>.</param>
    public BulkPageFetcher(HolderCursor holder, RegionLayout[] layout, BulkClients clients, RunNodeCounters counters, BulkFallbacks fallbacks, TimeSpan timeout, TimeSpan slowAfter, Action<SnapshotRef> slow)
    {
        _holder = holder;
        _clients = clients;
        _counters = counters;
        _fallbacks = fallbacks;
        _timeout = timeout;
        _slowAfter = slowAfter < timeout ? slowAfter : timeout;
        _slow = slow;
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
    /// <paramref name="snapshot"/>'s holder; false if the bulk path failed (counted and logged: the caller fetches
    /// them over Akka.Remote instead).
    /// </summary>
    public bool TryFetch(SnapshotRef snapshot, IReadOnlyList<ChunkId> ids, byte[]?[] results)
    {
        try
        {
            var client = Await(_clients.GetAsync(snapshot.Bulk!), snapshot);
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

                var reply = Await(client.FetchAsync(BulkPageServer.KeyOf(snapshot.SnapshotId, region.Key), ranges), snapshot);
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
            _fallbacks.Record(snapshot, e);
            return false;
        }
    }

    /// <summary>
    /// Waits for <paramref name="task"/>. A holder killed outright answers nothing: past the holder timeout the proxy
    /// is told, and once it has moved to another holder the wait ends (TimeoutException) so the pages come from there.
    /// </summary>
    private T Await<T>(Task<T> task, SnapshotRef snapshot)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            return task.WaitAsync(_slowAfter).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            _slow(snapshot);
        }

        while (clock.Elapsed < _timeout && ReferenceEquals(_holder.Current, snapshot))
        {
            try
            {
                return task.WaitAsync(MovedCheck).GetAwaiter().GetResult();
            }
            catch (TimeoutException)
            {
                // still waiting: has the proxy moved?
            }
        }

        throw new TimeoutException(ReferenceEquals(_holder.Current, snapshot)
            ? $"no bulk reply within {_timeout.TotalSeconds:0.#} s"
            : $"{snapshot.MemoryNode} did not answer on the bulk path within {_slowAfter.TotalSeconds:0.#} s and another holder serves the snapshot");
    }

    private static readonly TimeSpan MovedCheck = TimeSpan.FromMilliseconds(50);
}
