using WasmActors.Snapshot.Format;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// The fault reference of a pseudo-initialised memory (COW mode): serves a page on its first touch, fetching the
/// unit that holds it (the page and its read-ahead, the whole memory, or the whole module, by granularity) in one
/// round trip. Fetched pages go to the restore's shared chunk cache, so all forks share one copy.
/// </summary>
internal sealed class LazyMemorySource : IPageSource
{
    private readonly PageRef[] _pages;
    private readonly int[] _indices;
    private readonly int _pageSize;
    private readonly ChunkFetcher _fetcher;
    private readonly Func<int, IEnumerable<ChunkId>> _unitOf;
    private readonly bool _unitHoldsEveryPage;

    // Set once the unit holding every page of this memory is local. From then on a fault is a cache lookup:
    // walking the unit again on every fault would make running through a large memory quadratic.
    private volatile bool _everyPageLocal;

    /// <param name="unitOf">The chunks to fetch with the page at this position of <paramref name="pages"/>.</param>
    /// <param name="unitHoldsEveryPage">
    /// True when every unit holds all of this memory's pages (Instance and Module granularity), so one fetch
    /// serves every later fault.
    /// </param>
    public LazyMemorySource(PageRef[] pages, int pageSize, ChunkFetcher fetcher, Func<int, IEnumerable<ChunkId>> unitOf, bool unitHoldsEveryPage = false)
    {
        _pages = pages;
        _indices = pages.Select(p => p.Index).ToArray();
        _pageSize = pageSize;
        _fetcher = fetcher;
        _unitOf = unitOf;
        _unitHoldsEveryPage = unitHoldsEveryPage;
    }

    /// <summary>The id of the page's content without fetching it; null when the page is zero.</summary>
    public ChunkId? IdOf(int pageIndex)
    {
        var position = Array.BinarySearch(_indices, pageIndex);
        return position >= 0 ? _pages[position].Id : null;
    }

    public byte[]? GetPage(uint pageIndex)
    {
        var position = Array.BinarySearch(_indices, (int)pageIndex);
        if (position < 0)
        {
            return null;
        }

        try
        {
            var id = _pages[position].Id;
            if (!_everyPageLocal)
            {
                _fetcher.Fetch(_unitOf(position).Append(id));
                _everyPageLocal = _unitHoldsEveryPage;
            }

            var page = _fetcher.Get(id);
            return page.Length == _pageSize
                ? page
                : throw new SnapshotFormatException($"page {pageIndex} has {page.Length} bytes, expected {_pageSize}");
        }
        catch (Exception e) when (FaultTraps.IsUnavailable(e))
        {
            throw FaultTraps.Unavailable($"page {pageIndex}", e);
        }
    }
}
