using WasmActors.Snapshot.Format;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// The running node's side: restores a snapshot from a source at a granularity, in No-COW or COW mode. Reads and
/// checks the manifest and every record, fetches what the mode needs before the first instruction, and returns a
/// <see cref="RestoredInstance"/> whose further forks cost O(1) in memory size.
/// </summary>
internal static class SnapshotRestorer
{
    public static RestoredInstance Restore(ISnapshotSource source, RestoreOptions? options = null, ModuleCache? modules = null)
    {
        options ??= new RestoreOptions();
        modules ??= ModuleCache.Shared;
        var metrics = new ForkMetrics();
        var (manifest, fetcher) = OpenManifest(source, options, metrics);

        var expected = options.ExpectedEngine ?? SnapshotVersion.Engine;
        if (manifest.Conf.EngineVersion != expected)
        {
            throw new SnapshotFormatException($"snapshot was written by engine version \"{manifest.Conf.EngineVersion}\"; this is \"{expected}\" and cannot restore it");
        }

        var image = StoreImageDecoder.DecodeRecords(manifest, fetcher);
        var lazyKinds = LazyKindsOf.For(options.Granularity, options.Mode);
        foreach (var unit in UnitPlanner.EagerUnits(image, options.Granularity, options.Mode == CopyMode.NoCow, lazyKinds, modules))
        {
            fetcher.Fetch(unit);
        }

        StoreImageDecoder.CompletePayload(image, fetcher, modules, lazyKinds);

        var lazy = options.Mode == CopyMode.Cow && options.Granularity != Granularity.Wasm;
        var templates = new MemoryInstance[image.Memories.Length];
        for (var i = 0; i < templates.Length; i++)
        {
            templates[i] = lazy ? LazyTemplate(image, i, fetcher, options, lazyKinds) : MappedTemplate(image, i, fetcher);
        }

        if (lazy && options.PrefetchWorkingSet && manifest.WorkingSet.Length > 0)
        {
            fetcher.Fetch(manifest.WorkingSet.Select(w => WorkingSetChunk(image, w)).OfType<ChunkId>());
        }

        var restored = new RestoredInstance(image, templates, fetcher, new Initialisers(image, fetcher, options.Granularity, lazyKinds), options);
        restored.FinishFirst(metrics);
        fetcher.ForgetWarm();
        return restored;
    }

    private static (SnapshotManifest, ChunkFetcher) OpenManifest(ISnapshotSource source, RestoreOptions options, ForkMetrics metrics)
    {
        if (options.Granularity == Granularity.Wasm)
        {
            var file = source.FetchWhole();
            metrics.Fetched(1, file.Length);
            var snapshot = SnapshotFile.Read(file, options.ExpectedEngine);
            return (snapshot.Manifest, new ChunkFetcher(null, metrics, snapshot.Chunks));
        }

        var bytes = source.FetchManifest();
        metrics.Fetched(1, bytes.Length);
        return (RecordCodec.DecodeManifest(bytes), new ChunkFetcher(source, metrics, warm: options.Warm?.Fetcher));
    }

    /// <summary>COW: a pseudo-initialised memory whose pages arrive on first touch.</summary>
    private static MemoryInstance LazyTemplate(StoreImage image, int address, ChunkFetcher fetcher, RestoreOptions options, LazyKinds lazyKinds)
    {
        var pages = image.Memories[address].ResidentPages;
        var wholeUnit = options.Granularity is Granularity.Instance or Granularity.Module;
        var source = new LazyMemorySource(
            pages,
            image.PageSize,
            fetcher,
            position => UnitPlanner.FaultUnit(image, options.Granularity, lazyKinds, address, position, options.ReadAheadPages),
            wholeUnit);
        return StoreBuilder.Template(image, address, source);
    }

    /// <summary>Every page already local: map them all read-only (forks copy on write, or copy all in No-COW).</summary>
    private static MemoryInstance MappedTemplate(StoreImage image, int address, ChunkFetcher fetcher)
    {
        var template = StoreBuilder.Template(image, address, null);
        foreach (var page in image.Memories[address].ResidentPages)
        {
            var bytes = fetcher.Get(page.Id);
            if (bytes.Length != image.PageSize)
            {
                throw new SnapshotFormatException($"memory {address} page {page.Index} has {bytes.Length} bytes, expected {image.PageSize}");
            }

            template.MapShared(page.Index, bytes);
        }

        return template;
    }

    private static ChunkId? WorkingSetChunk(StoreImage image, WorkingSetPage page)
    {
        var pages = image.Memories[page.Memory].ResidentPages;
        var position = Array.BinarySearch(pages.Select(p => p.Index).ToArray(), page.Page);
        return position >= 0 ? pages[position].Id : null;
    }
}
