using WasmActors.Snapshot.Format;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// What a prefetch did: modules it cached, modules it left out because the cache had no room for them, and the
/// snapshot's records for its first restore.
/// </summary>
internal readonly record struct PrefetchResult(int Cached, int NoRoom, SnapshotRecords? Records);

/// <summary>
/// Brings a snapshot's modules into a <see cref="ModuleCache"/> before any fork asks for them: a node that never saw a
/// program would otherwise fetch, decode and validate its code — most of what it fetches — between the fork request
/// and the first instruction. The manifest costs one round trip, the records (<see cref="SnapshotRecords"/>, which the
/// first restore would fetch too) two, the code one more; code already cached, or with no room in the cache
/// (<see cref="ModuleCache.PrefetchRoom"/>), is not fetched.
/// </summary>
internal static class ModulePrefetch
{
    /// <param name="displace">
    /// The snapshot was just stored: its code may take the room of modules prefetched earlier that no restore has
    /// used. Without it (snapshots stored before this node came) only free room is taken.
    /// </param>
    public static PrefetchResult Prefetch(ISnapshotSource source, ModuleCache modules, bool displace)
    {
        var manifestBytes = source.FetchManifest();
        var manifest = RecordCodec.DecodeManifest(manifestBytes);
        if (manifest.Conf.EngineVersion != SnapshotVersion.Engine)
        {
            return default; // a fork of it would be refused anyway, with the reason
        }

        var config = manifest.Conf.Engine;
        var pageSize = 1 << config.PageShift;
        var fetcher = new ChunkFetcher(source, new ForkMetrics());
        var image = StoreImageDecoder.DecodeRecords(manifest, fetcher);
        var records = new SnapshotRecords(manifestBytes, fetcher.Held());
        var missing = image.ModuleRecords
            .Select((record, i) => (Index: i, record.Code))
            .Where(module => !modules.Contains(module.Code, config))
            .ToArray();
        var fitting = missing.Where(module => modules.PrefetchRoom(module.Code.Length, displace)).ToArray();
        var claimed = fitting.Where(module => modules.BeginPrefetch(module.Code, config)).ToArray();
        var cached = 0;
        try
        {
            fetcher.Fetch(claimed.SelectMany(module => module.Code.Pages));
            foreach (var (index, code) in claimed)
            {
                StoreImageDecoder.CheckBlob(code, pageSize, $"module {index} code");
                cached += modules.Prefetch(code, StoreImageDecoder.Assemble(code, fetcher, pageSize), config, displace, $"module {index}") ? 1 : 0;
            }
        }
        finally
        {
            // Whatever failed, a restore waiting for this code goes on and fetches it itself.
            foreach (var (_, code) in claimed)
            {
                modules.EndPrefetch(code, config);
            }
        }

        // Code another prefetch had claimed is neither cached here nor left out for want of room.
        return new PrefetchResult(cached, missing.Length - cached - (fitting.Length - claimed.Length), records);
    }
}
