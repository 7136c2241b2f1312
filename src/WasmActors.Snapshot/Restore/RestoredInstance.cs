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
    private ChunkId[]? _lazyChunks;
    private volatile bool _everyChunkLocal;

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
    /// Chunks the forks of this restore may still fault in from the source: memory pages and the contents of
    /// pseudo-initialised tables and segments not yet local. 0 once everything is local — from then on no fault of
    /// any fork reaches the source — and always 0 outside COW mode (everything is fetched before the first instruction).
    /// </summary>
    public int RemoteChunks
    {
        get
        {
            // Chunks never leave the cache: once everything is local, it stays so and need not be counted again.
            if (_everyChunkLocal || !IsLazy)
            {
                return 0;
            }

            var remote = _fetcher.CountMissing(LazyChunks);
            _everyChunkLocal = remote == 0;
            return remote;
        }
    }

    /// <summary>
    /// Post-copy in the background (COW mode): fetches every chunk not yet local — the contents of pseudo-initialised
    /// tables and segments first, then memory pages — in batches of <paramref name="batchChunks"/> chunks per round
    /// trip, while forks run; their later faults are then served locally. Chunks already fetched (the working set,
    /// earlier faults) are skipped. At most <paramref name="bytesPerSecond"/> on average (null: as fast as the source
    /// answers). Each round trip runs outside the chunk cache's lock, so a fork that faults meanwhile is not held up
    /// behind a batch; the pulled chunks land in the same cache a fault fills, so nothing touches a fork's page table. <paramref name="pulled"/>, if given, hears each batch's bytes. Returns the bytes pulled.
    /// </summary>
    public async Task<long> PullRemainingAsync(int batchChunks, long? bytesPerSecond, CancellationToken cancellation = default, Action<long>? pulled = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchChunks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond ?? 1, 1);
        if (!IsLazy)
        {
            return 0;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        long total = 0;
        foreach (var batch in LazyChunks.Chunk(batchChunks))
        {
            cancellation.ThrowIfCancellationRequested();
            var bytes = await Task.Run(() => _fetcher.FetchBehindFaults(batch), cancellation).ConfigureAwait(false);
            total += bytes;
            pulled?.Invoke(bytes);
            var ahead = bytesPerSecond is { } rate ? TimeSpan.FromSeconds((double)total / rate) - clock.Elapsed : TimeSpan.Zero;
            if (ahead > TimeSpan.Zero)
            {
                await Task.Delay(ahead, cancellation).ConfigureAwait(false);
            }
        }

        return total;
    }

    private bool IsLazy => _options.Mode == CopyMode.Cow && _options.Granularity != Granularity.Wasm;

    /// <summary>Every chunk a fork may fault in: lazy tables and segments, then memory pages in address order.</summary>
    private ChunkId[] LazyChunks => _lazyChunks ??= UnitPlanner.LazyContents(_image, _initialisers.Lazy)
        .Concat(_image.Memories.SelectMany(m => m.ResidentPages.Select(p => p.Id)))
        .Distinct()
        .ToArray();

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

        var copy = StoreBuilder.Empty(_image, address);
        foreach (var page in _image.Memories[address].ResidentPages)
        {
            copy.Write((ulong)page.Index * (ulong)copy.PageSize, template.GetPage(page.Index));
            copied += copy.PageSize;
        }

        return copy;
    }
}
