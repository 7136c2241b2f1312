using System.Collections.Concurrent;

namespace WasmActors.Transport.Server;

/// <summary>The region versions a page server serves. Registration may change while serving.</summary>
public sealed class PageRegistry
{
    private readonly ConcurrentDictionary<RegionKey, IPageProvider> _regions = new();

    public void Register(RegionKey region, IPageProvider provider)
    {
        if (!_regions.TryAdd(region, provider))
        {
            throw new InvalidOperationException($"region {region} is already registered; versions are immutable, register a new version instead");
        }
    }

    public void Register(RegionKey region, ReadOnlyMemory<byte> bytes, int pageSize) => Register(region, new MemoryPageProvider(bytes, pageSize));

    public bool Unregister(RegionKey region) => _regions.TryRemove(region, out _);

    public bool TryGet(RegionKey region, out IPageProvider provider) => _regions.TryGetValue(region, out provider!);
}
