using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>
/// A prefetch decodes a snapshot's code into the module cache and hands back its records: with both, a restore at
/// page granularity reaches its first instruction without asking the snapshot's source for anything (ADR-024).
/// </summary>
public sealed class ModulePrefetchTests
{
    [Fact]
    public void The_prefetched_records_and_code_are_all_a_page_granularity_restore_reads_before_its_first_instruction()
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(store, "step", 60);
        var snapshot = SnapshotWriter.Capture(store);
        var modules = new ModuleCache();

        var prefetched = ModulePrefetch.Prefetch(new LocalSnapshotSource(snapshot), modules, displace: true);

        Assert.Equal(1, prefetched.Cached);
        var records = Assert.IsType<SnapshotRecords>(prefetched.Records);
        Assert.DoesNotContain(records.Chunks.Keys, SnapshotMemories.OwnPages(snapshot).Contains);
        var restored = SnapshotRestorer.Restore(new RecordsOnly(records), new RestoreOptions { Granularity = Granularity.Page, Mode = CopyMode.Cow }, modules);
        Assert.Equal(0, restored.Metrics.Faults);
    }

    /// <summary>A source that has the prefetched records and nothing else: any other request fails the restore.</summary>
    private sealed class RecordsOnly(SnapshotRecords records) : ISnapshotSource
    {
        public byte[] FetchManifest() => records.Manifest;

        public IReadOnlyList<byte[]> FetchChunks(IReadOnlyList<ChunkId> ids) =>
            ids.Select(id => records.Chunks.TryGetValue(id, out var chunk) ? chunk : throw new InvalidOperationException($"chunk {id} was not prefetched")).ToArray();

        public byte[] FetchWhole() => throw new InvalidOperationException("the whole snapshot was not prefetched");
    }
}
