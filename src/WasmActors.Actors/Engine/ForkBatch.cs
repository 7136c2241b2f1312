using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Actors.Engine;

/// <summary>
/// One restore of a snapshot on a run node, shared by every instance forked from it: each instance is an O(1)
/// copy-on-write <see cref="RestoredInstance.Fork"/> whose untouched pages come from the shared cache (or fault
/// in through the memory proxy).
/// </summary>
internal sealed class ForkBatch
{
    private readonly Lock _lock = new();
    private readonly WasiImportSwitch _imports;

    private ForkBatch(string snapshotId, RestoredInstance restored, WasiImportSwitch imports)
    {
        SnapshotId = snapshotId;
        Restored = restored;
        _imports = imports;
        HostState = restored.HostState.ToDictionary(e => e.Name, e => e.Content, StringComparer.Ordinal);
    }

    public string SnapshotId { get; }

    public RestoredInstance Restored { get; }

    public IReadOnlyDictionary<string, byte[]> HostState { get; }

    /// <summary>Restores <paramref name="source"/> (blocking: it fetches the manifest and what the mode needs first).</summary>
    public static ForkBatch Restore(string snapshotId, ISnapshotSource source, Granularity granularity, CopyMode mode)
    {
        var imports = new WasiImportSwitch();
        using var placeholder = new WasiContext(new WasiConfig());
        imports.Use(placeholder);
        var restored = SnapshotRestorer.Restore(source, new RestoreOptions { Granularity = granularity, Mode = mode, HostImports = imports });
        if (restored.Machine is null || restored.HostState.All(e => e.Name != HostStateNames.Wasi))
        {
            throw new SnapshotFormatException($"snapshot {snapshotId} holds no paused program (it was not taken by a run node)");
        }

        return new ForkBatch(snapshotId, restored, imports);
    }

    /// <summary>A new store bound to <paramref name="wasi"/>.</summary>
    public ForkedInstance Fork(WasiContext wasi)
    {
        lock (_lock)
        {
            _imports.Use(wasi);
            return Restored.Fork();
        }
    }
}
