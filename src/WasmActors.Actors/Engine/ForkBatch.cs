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

    private ForkBatch(string snapshotId, RestoredInstance restored, WasiImportSwitch imports, IReadOnlyList<WasiPreopen> preopens)
    {
        Preopens = preopens;
        SnapshotId = snapshotId;
        Restored = restored;
        _imports = imports;
        HostState = restored.HostState.ToDictionary(e => e.Name, e => e.Content, StringComparer.Ordinal);
        // Decoded once here rather than once per fork: forks only read them.
        ProgramName = HostState.TryGetValue(HostStateNames.Name, out var name) ? System.Text.Encoding.UTF8.GetString(name) : snapshotId;
        NextOutputSequence = HostState.TryGetValue(HostStateNames.Output, out var output) && output.Length == 8 ? BitConverter.ToInt64(output) : 0;
        WasiState = [restored.HostState.First(e => e.Name == HostStateNames.Wasi)];
    }

    public string SnapshotId { get; }

    /// <summary>The background pull that makes this restore independent of its memory node, once one was asked for.</summary>
    public RunNode.Detachment? Detachment { get; private set; }

    public RestoredInstance Restored { get; }

    public IReadOnlyDictionary<string, byte[]> HostState { get; }

    /// <summary>The program's name as its first instance was deployed.</summary>
    public string ProgramName { get; }

    /// <summary>The sequence number of the program's next output write (output numbering goes on across forks and moves).</summary>
    public long NextOutputSequence { get; }

    /// <summary>The snapshot's WASI state entry, for <see cref="Snapshot.Capture.WasiState.Restore"/>.</summary>
    public IReadOnlyList<HostStateEntry> WasiState { get; }

    /// <summary>This node's host directories for the guest's preopened directories (matched by guest path).</summary>
    public IReadOnlyList<WasiPreopen> Preopens { get; }

    /// <summary>
    /// Restores <paramref name="source"/> (blocking: it fetches the manifest and what the mode needs first).
    /// <paramref name="preopens"/> are this node's host directories for the guest's preopened directories;
    /// <paramref name="warm"/> an earlier restore whose chunks need not be fetched again (<see cref="RestoreOptions.Warm"/>).
    /// </summary>
    /// <param name="modules">Where decoded modules are kept (default: <see cref="ModuleCache.Shared"/>; a run node passes its own).</param>
    public static ForkBatch Restore(string snapshotId, ISnapshotSource source, Granularity granularity, CopyMode mode, IReadOnlyList<WasiPreopen>? preopens = null, RestoredInstance? warm = null, ModuleCache? modules = null)
    {
        var imports = new WasiImportSwitch();
        using var placeholder = new WasiContext(new WasiConfig());
        imports.Use(placeholder);
        var restored = SnapshotRestorer.Restore(source, new RestoreOptions { Granularity = granularity, Mode = mode, HostImports = imports, Warm = warm }, modules);
        if (restored.Machine is null || restored.HostState.All(e => e.Name != HostStateNames.Wasi))
        {
            throw new SnapshotFormatException($"snapshot {snapshotId} holds no paused program (it was not taken by a run node)");
        }

        return new ForkBatch(snapshotId, restored, imports, preopens ?? []);
    }

    /// <summary>Starts pulling everything still remote, unless a pull of this restore already runs or ran.</summary>
    public void Detach(Configuration.DetachSettings settings, Akka.Event.ILoggingAdapter log)
    {
        lock (_lock)
        {
            Detachment ??= RunNode.Detachment.Start(Restored, settings, log, SnapshotId);
        }
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
