using WasmActors.Snapshot.Format;
using WasmActors.Wasm;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// A restored snapshot on the running node: its first store, plus what further forks need — the checked image
/// and one never-run template per memory. A COW fork shares the template's pages read-only (O(1) in memory
/// size); a No-COW fork copies every page before its first instruction.
/// </summary>
internal sealed class RestoredInstance
{
    private readonly StoreImage _image;
    private readonly MemoryInstance[] _templates;
    private readonly ChunkFetcher _fetcher;
    private readonly RestoreOptions _options;
    private readonly Initialisers _initialisers;

    internal RestoredInstance(StoreImage image, MemoryInstance[] templates, ChunkFetcher fetcher, Initialisers initialisers, RestoreOptions options)
    {
        _image = image;
        _initialisers = initialisers;
        _templates = templates;
        _fetcher = fetcher;
        _options = options;
        Store = null!;
        Metrics = null!;
    }

    /// <summary>The first restored store.</summary>
    public Store Store { get; private set; }

    /// <summary>The first store's paused call, ready to resume; null when the snapshot was taken idle.</summary>
    public Machine? Machine { get; private set; }

    /// <summary>What the restore of <see cref="Store"/> cost.</summary>
    public ForkMetrics Metrics { get; private set; }

    public Granularity Granularity => _options.Granularity;

    public CopyMode Mode => _options.Mode;

    /// <summary>Host state entries from Conf (e.g. "wasi"), for the host to restore its side.</summary>
    public IReadOnlyList<Format.HostStateEntry> HostState => _image.Manifest.Conf.HostState;

    /// <summary>The chunks fetched from the source by this restore and all its forks.</summary>
    public ForkMetrics SourceMetrics => _fetcher.Metrics;

    /// <summary>The chunk cache this restore and its forks share (what a later restore may take as warm).</summary>
    internal ChunkFetcher Fetcher => _fetcher;

    /// <summary>
    /// Post-copy in the background (COW mode): fetches every chunk not yet local — the contents of pseudo-initialised
    /// tables and segments first, then memory pages — in batches of <paramref name="batchPages"/> chunks per round
    /// trip, while forks run; their later faults are then served locally. Chunks already fetched (the working set,
    /// earlier faults) are skipped.
    /// </summary>
    public Task FetchRemainingAsync(int batchPages = 256, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchPages, 1);
        var ids = UnitPlanner.LazyContents(_image, _initialisers.Lazy)
            .Concat(_image.Memories.SelectMany(m => m.ResidentPages.Select(p => p.Id)))
            .ToArray();
        return Task.Run(
            () =>
            {
                foreach (var batch in ids.Chunk(batchPages))
                {
                    cancellation.ThrowIfCancellationRequested();
                    _fetcher.Fetch(batch);
                }
            },
            cancellation);
    }

    /// <summary>A new, independent store with the snapshot's state; its pages come from the shared cache.</summary>
    public ForkedInstance Fork()
    {
        var metrics = new ForkMetrics();
        var store = Build(metrics);
        var machine = ResumeMachine(store);
        metrics.MarkReady();
        return new ForkedInstance(store, machine, metrics);
    }

    internal void FinishFirst(ForkMetrics metrics)
    {
        Store = Build(metrics);
        Machine = ResumeMachine(Store);
        Metrics = metrics;
        metrics.MarkReady();
    }

    /// <summary>Rebuilds the paused call on <paramref name="store"/>; the machine checks every frame against its code.</summary>
    private Machine? ResumeMachine(Store store)
    {
        if (_image.Execution is not { } execution)
        {
            return null;
        }

        var frames = execution.Frames.Select(f => new MachineFrame((WasmFunction)store.Functions[f.Function], f.Pc, f.StackBase)).ToArray();
        var machine = new Machine(store);
        try
        {
            machine.Restore(frames, execution.Stack);
        }
        catch (Exception e) when (e is WasmRestoreException or ArgumentException)
        {
            throw new SnapshotFormatException($"the paused call does not fit the code: {e.Message}", e);
        }

        return machine;
    }

    private Store Build(ForkMetrics metrics)
    {
        var copied = _initialisers.EagerTableBytes;
        var store = StoreBuilder.Build(_image, _options.HostImports, address => Memory(address, ref copied), _initialisers, metrics);
        metrics.BytesCopiedBeforeFirstInstruction = copied;
        metrics.Store = store;
        return store;
    }

    /// <summary>A fork's memory: the template's COW fork, or (No-COW) a copy of every page, counted in <paramref name="copied"/>.</summary>
    private MemoryInstance Memory(int address, ref long copied)
    {
        var template = _templates[address];
        if (_options.Mode == CopyMode.Cow)
        {
            return template.Fork();
        }

        var copy = StoreBuilder.Template(_image, address, null);
        foreach (var page in _image.Memories[address].ResidentPages)
        {
            copy.Write((ulong)page.Index * (ulong)copy.PageSize, template.GetPage(page.Index));
            copied += copy.PageSize;
        }

        return copy;
    }
}
