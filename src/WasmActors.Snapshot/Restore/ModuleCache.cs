using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Wasm;
using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Validation;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// Decoded and validated modules by the ids of their code, so that code already present on this node is neither
/// fetched nor decoded again. Bounded by the bytes of their code (<see cref="MaxBytes"/>): a restore that adds a
/// module drops the least recently used ones. A dropped module stays valid for the instances running it (they hold
/// it, not the cache); the next restore that needs it fetches and decodes it again. Prefetches (<see cref="Prefetch"/>)
/// are guesses and drop nothing a restore has used (<see cref="PrefetchRoom"/>). Code is loaded once at a time: a restore
/// that needs code a prefetch or another restore is fetching waits for that load (<see cref="BeginPrefetch"/>). Thread-safe.
/// </summary>
internal sealed class ModuleCache(long maxBytes = long.MaxValue)
{
    /// <summary>The cache of restores that name none; unbounded (nodes bound their own, wasmactors.run-node).</summary>
    public static readonly ModuleCache Shared = new();

    // Keyed by the engine settings too: the loader's limits come from them. The list runs from the least recently
    // used entry to the most recently used one.
    private readonly Dictionary<(UInt128 Code, EngineConfig Config), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = [];

    // Code a prefetch or a restore is fetching and decoding now, and what it came to (null: nothing others can use).
    private readonly Dictionary<(UInt128 Code, EngineConfig Config), TaskCompletionSource<Module?>> _loading = [];
    private readonly Lock _lock = new();
    private long _bytes;
    private long _loads;
    private long _evictions;

    /// <summary>Most bytes of code the cached modules add up to.</summary>
    public long MaxBytes => maxBytes;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Bytes of code of the cached modules.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Modules decoded (each after its code was fetched), prefetched or not, since the cache was made.</summary>
    public long Loads => Interlocked.Read(ref _loads);

    /// <summary>Modules dropped to keep within <see cref="MaxBytes"/>.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    internal bool Contains(PagedBlob code, EngineConfig config)
    {
        lock (_lock)
        {
            return _entries.ContainsKey((Key(code), config));
        }
    }

    /// <summary>Whether <see cref="Get"/> would find this code without fetching it: cached, or being loaded by a prefetch or a restore.</summary>
    internal bool CachedOrLoading(PagedBlob code, EngineConfig config)
    {
        var key = (Key(code), config);
        lock (_lock)
        {
            return _entries.ContainsKey(key) || _loading.ContainsKey(key);
        }
    }

    /// <summary>
    /// A restore's module: the cached one (now the most recently used), the one a prefetch or another restore is
    /// loading now once it is loaded, or <paramref name="bytes"/> decoded and cached.
    /// </summary>
    internal Module Get(PagedBlob code, Func<byte[]> bytes, EngineConfig config, string what)
    {
        var key = (Key(code), config);
        Task<Module?>? loading = null;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var cached))
            {
                Touch(cached);
                return cached.Value.Module;
            }

            if (_loading.TryGetValue(key, out var claim))
            {
                loading = claim.Task;
            }
            else
            {
                _loading[key] = NewClaim();
            }
        }

        // A load that started earlier ends sooner than a second fetch and decode of the same code, which would also
        // compete with it for the CPU and the memory node. It ends either way; if it failed, this restore loads the
        // code itself and reports why it does not load.
        Module module;
        if (loading?.GetAwaiter().GetResult() is { } loaded)
        {
            module = loaded;
        }
        else
        {
            try
            {
                module = Load(bytes(), config, what);
            }
            catch when (loading is null)
            {
                EndLoad(key, null); // this restore's claim: whoever waits for it loads the code itself
                throw;
            }
        }

        lock (_lock)
        {
            if (loading is null)
            {
                EndLoadLocked(key, module);
            }

            if (_entries.TryGetValue(key, out var raced))
            {
                Touch(raced);
                return raced.Value.Module;
            }

            // A module larger than the whole cache runs, uncached.
            if (code.Length <= maxBytes)
            {
                MakeRoomLocked(code.Length, onlyGuesses: false);
                Insert(key, new Entry(key, module, code.Length) { UsedByRestore = true });
            }

            return module;
        }
    }

    /// <summary>
    /// Whether a prefetch of <paramref name="codeBytes"/> of code would be cached: it may take free room, and with
    /// <paramref name="displace"/> also the room of modules prefetched earlier that no restore has used yet (least
    /// recently prefetched first), never that of a module a restore used. A prefetch that would not fit is not
    /// fetched at all: the cache is full of code that is more recent, or in use.
    /// </summary>
    internal bool PrefetchRoom(long codeBytes, bool displace)
    {
        lock (_lock)
        {
            return FitsLocked(codeBytes, displace);
        }
    }

    /// <summary>
    /// Claims the prefetch of <paramref name="code"/>: until <see cref="Prefetch"/> or <see cref="EndPrefetch"/> for
    /// it, a restore that needs this code waits for the prefetch. The caller must end every claim it got, failed or
    /// not, or such a restore waits for good. False: the code is cached, or a prefetch or restore is loading it.
    /// </summary>
    internal bool BeginPrefetch(PagedBlob code, EngineConfig config)
    {
        var key = (Key(code), config);
        lock (_lock)
        {
            return !_entries.ContainsKey(key) && _loading.TryAdd(key, NewClaim());
        }
    }

    /// <summary>Ends a claimed prefetch that did not get as far as <see cref="Prefetch"/>: a restore waiting for it fetches the code itself. Nothing if already ended.</summary>
    internal void EndPrefetch(PagedBlob code, EngineConfig config) => EndLoad((Key(code), config), null);

    /// <summary>
    /// Decodes and caches a prefetched module if there is room for it (<see cref="PrefetchRoom"/>), and ends its claim
    /// (<see cref="BeginPrefetch"/>) with it; true if it is cached now.
    /// </summary>
    internal bool Prefetch(PagedBlob code, byte[] bytes, EngineConfig config, bool displace, string what)
    {
        var key = (Key(code), config);
        var module = Load(bytes, config, what);
        lock (_lock)
        {
            // A restore waiting for this prefetch takes the module even if the cache has no room for a guess.
            EndLoadLocked(key, module);
            if (_entries.ContainsKey(key))
            {
                return true;
            }

            if (!FitsLocked(code.Length, displace))
            {
                return false;
            }

            // Room enough is there (FitsLocked): only prefetched modules no restore has used yet go.
            MakeRoomLocked(code.Length, onlyGuesses: true);
            Insert(key, new Entry(key, module, code.Length));
            return true;
        }
    }

    /// <summary>The code's identity: the hash of its length and the ids of its pieces.</summary>
    private static UInt128 Key(PagedBlob code)
    {
        var bytes = new byte[8 + (code.Pages.Length * ChunkId.Size)];
        BitConverter.TryWriteBytes(bytes, code.Length);
        for (var i = 0; i < code.Pages.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(8 + (i * ChunkId.Size)), code.Pages[i].Value);
        }

        return ChunkId.Of(bytes).Value;
    }

    private Module Load(byte[] binary, EngineConfig config, string what)
    {
        Module module;
        try
        {
            // The bodies are decoded and validated as they are first called, as when the module was first loaded.
            module = ModuleLoader.Load(binary, config);
            ModuleValidator.ValidateExceptBodies(module);
        }
        catch (WasmException e)
        {
            throw new SnapshotFormatException($"{what}: its code does not load: {e.Message}", e);
        }

        ModuleBinaries.Register(module, binary);
        Interlocked.Increment(ref _loads);
        return module;
    }

    private static TaskCompletionSource<Module?> NewClaim() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void EndLoad((UInt128, EngineConfig) key, Module? module)
    {
        lock (_lock)
        {
            EndLoadLocked(key, module);
        }
    }

    private void EndLoadLocked((UInt128, EngineConfig) key, Module? module)
    {
        if (_loading.Remove(key, out var claim))
        {
            claim.SetResult(module);
        }
    }

    private bool FitsLocked(long codeBytes, bool displace)
    {
        var free = maxBytes - _bytes;
        if (displace)
        {
            free += _recency.Where(e => !e.UsedByRestore).Sum(e => e.Bytes);
        }

        return codeBytes <= free;
    }

    /// <summary>
    /// Drops the least recently used modules until <paramref name="codeBytes"/> more fit; with
    /// <paramref name="onlyGuesses"/>, only prefetched ones no restore has used (the caller made sure they free enough).
    /// </summary>
    private void MakeRoomLocked(long codeBytes, bool onlyGuesses)
    {
        var node = _recency.First;
        while (_bytes + codeBytes > maxBytes)
        {
            while (onlyGuesses && node!.Value.UsedByRestore)
            {
                node = node.Next;
            }

            var next = node!.Next;
            Evict(node);
            node = next;
        }
    }

    private void Touch(LinkedListNode<Entry> node)
    {
        node.Value.UsedByRestore = true;
        _recency.Remove(node);
        _recency.AddLast(node);
    }

    private void Insert((UInt128, EngineConfig) key, Entry entry)
    {
        _entries[key] = _recency.AddLast(entry);
        Interlocked.Add(ref _bytes, entry.Bytes);
    }

    private void Evict(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.Key);
        Interlocked.Add(ref _bytes, -node.Value.Bytes);
        Interlocked.Increment(ref _evictions);
    }

    private sealed class Entry((UInt128, EngineConfig) key, Module module, long bytes)
    {
        public (UInt128, EngineConfig) Key => key;

        public Module Module => module;

        public long Bytes => bytes;

        /// <summary>A restore has used it: not a guess any more, so no prefetch may drop it.</summary>
        public bool UsedByRestore { get; set; }
    }
}
