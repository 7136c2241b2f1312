using WasmActors.Transport.Server;

namespace WasmActors.Transport.Tests;

/// <summary>Deterministic region contents, so any misplaced or corrupted page is detected by comparison.</summary>
internal static class TestRegions
{
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static (PageRegistry Registry, byte[] Bytes) Single(RegionKey key, int pages, int pageSize, int seed = 1)
    {
        var registry = new PageRegistry();
        var bytes = Bytes(pages * pageSize, seed);
        registry.Register(key, bytes, pageSize);
        return (registry, bytes);
    }

    /// <summary>The bytes the given ranges should produce, concatenated.</summary>
    public static byte[] Expected(byte[] region, int pageSize, IReadOnlyList<PageRange> ranges)
    {
        using var stream = new MemoryStream();
        foreach (var range in ranges)
        {
            stream.Write(region, (int)range.FirstPage * pageSize, (int)range.Count * pageSize);
        }
        return stream.ToArray();
    }
}
