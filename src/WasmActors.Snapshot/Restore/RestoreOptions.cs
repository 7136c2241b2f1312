using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Restore;

/// <summary>How to restore a snapshot.</summary>
public sealed record RestoreOptions
{
    public Granularity Granularity { get; init; } = Granularity.Mixture;

    public CopyMode Mode { get; init; } = CopyMode.Cow;

    /// <summary>Resolves host functions (e.g. WASI) by the import name they were linked under.</summary>
    public IImportResolver? HostImports { get; init; }

    /// <summary>On a page fault, also fetch up to this many following non-zero pages in the same round trip.</summary>
    public int ReadAheadPages { get; init; }

    /// <summary>Fetch the snapshot's recorded working set in one round trip before the first instruction (COW).</summary>
    public bool PrefetchWorkingSet { get; init; } = true;

    /// <summary>
    /// An earlier restore on this node of an ancestor of the snapshot (e.g. a live migration's pre-copy base): every
    /// chunk it already holds (records, page lists, code, pages) is taken from it instead of fetched, so restoring a
    /// delta of it fetches little more than what changed.
    /// </summary>
    internal RestoredInstance? Warm { get; init; }

    /// <summary>The engine version the snapshot must come from; null for this engine.</summary>
    public string? ExpectedEngine { get; init; }
}
