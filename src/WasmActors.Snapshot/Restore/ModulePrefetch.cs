using WasmActors.Snapshot.Format;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// Brings a snapshot's modules into a <see cref="ModuleCache"/> before any fork asks for them: a node that never saw a
/// program would otherwise fetch, decode and validate its code — most of what it fetches — between the fork request
/// and the first instruction. The manifest and module records cost one round trip each, the code one more.
/// </summary>
internal static class ModulePrefetch
{
    /// <summary>Caches every module of the snapshot at <paramref name="source"/> not cached yet; returns how many were new.</summary>
    public static int Prefetch(ISnapshotSource source, ModuleCache? modules = null)
    {
        modules ??= ModuleCache.Shared;
        var manifest = RecordCodec.DecodeManifest(source.FetchManifest());
        if (manifest.Conf.EngineVersion != SnapshotVersion.Engine)
        {
            return 0; // a fork of it would be refused anyway, with the reason
        }

        var config = manifest.Conf.Engine;
        var pageSize = 1 << config.PageShift;
        var fetcher = new ChunkFetcher(source, new ForkMetrics());
        fetcher.Fetch(manifest.Modules);
        var missing = manifest.Modules
            .Select((id, i) => RecordCodec.DecodeModule(fetcher.Get(id), $"module {i}"))
            .Where(record => !modules.Contains(record.Code, config))
            .ToArray();
        fetcher.Fetch(missing.SelectMany(record => record.Code.Pages));
        for (var i = 0; i < missing.Length; i++)
        {
            var code = missing[i].Code;
            StoreImageDecoder.CheckBlob(code, pageSize, $"module {i} code");
            modules.Get(code, () => StoreImageDecoder.Assemble(code, fetcher, pageSize), config, $"module {i}");
        }

        return missing.Length;
    }
}
