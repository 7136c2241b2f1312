using WasmActors.Snapshot.Format;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// The restoring side's cache of chunks: fetches what it lacks from the source in one round trip per call,
/// verifies every chunk against its id, and never fetches a chunk twice. Shared by all forks of one restore;
/// thread-safe, since forks may fault on different threads.
/// </summary>
internal sealed class ChunkFetcher
{
    private readonly ISnapshotSource? _source;
    private readonly Dictionary<ChunkId, byte[]> _cache = [];
    private readonly Lock _lock = new();
    private ChunkFetcher? _warm;

    /// <param name="warm">
    /// The fetcher of an earlier restore (of an ancestor of this snapshot): chunks are named by their content, so
    /// whatever it holds is taken from it instead of fetched again. Its lock is only ever taken inside this one's.
    /// </param>
    public ChunkFetcher(ISnapshotSource? source, ForkMetrics metrics, IReadOnlyDictionary<ChunkId, byte[]>? local = null, ChunkFetcher? warm = null)
    {
        _source = source;
        _warm = warm;
        Metrics = metrics;
        if (local is not null)
        {
            foreach (var (id, chunk) in local)
            {
                _cache[id] = chunk;
            }
        }
    }

    public ForkMetrics Metrics { get; }

    /// <summary>
    /// Ensures these chunks are local, fetching the missing ones in a single request, counted in <see cref="Metrics"/>
    /// and also in <paramref name="fork"/> when a fork's fault asked for them.
    /// </summary>
    public void Fetch(IEnumerable<ChunkId> ids, ForkMetrics? fork = null)
    {
        lock (_lock)
        {
            var missing = MissingLocked(ids);
            if (missing.Length == 0)
            {
                return;
            }

            var replies = Request(missing);
            long bytes = 0;
            for (var i = 0; i < missing.Length; i++)
            {
                _cache[missing[i]] = replies[i];
                bytes += replies[i].Length;
            }

            Metrics.Fetched(missing.Length, bytes);
            if (fork is not null && !ReferenceEquals(fork, Metrics))
            {
                fork.Fetched(missing.Length, bytes);
            }
        }
    }

    /// <summary>
    /// Like <see cref="Fetch"/>, for a background pull: the round trip runs outside the lock, so a fork that faults
    /// meanwhile is served at once (or fetches its page itself) instead of waiting behind the pull's batch. A chunk
    /// a fault brought in the meantime is kept as it is. Returns the bytes this call received.
    /// </summary>
    public long FetchBehindFaults(IEnumerable<ChunkId> ids)
    {
        ChunkId[] missing;
        lock (_lock)
        {
            missing = MissingLocked(ids);
        }

        if (missing.Length == 0)
        {
            return 0;
        }

        var replies = Request(missing);
        long bytes = 0;
        lock (_lock)
        {
            for (var i = 0; i < missing.Length; i++)
            {
                _cache.TryAdd(missing[i], replies[i]);
                bytes += replies[i].Length;
            }

            Metrics.Fetched(missing.Length, bytes);
        }

        return bytes;
    }

    /// <summary>How many of <paramref name="ids"/> are not local yet (a warm fetcher's count as local).</summary>
    public int CountMissing(IEnumerable<ChunkId> ids)
    {
        lock (_lock)
        {
            return MissingLocked(ids).Length;
        }
    }

    /// <summary>The chunks among <paramref name="ids"/> neither cached nor taken from the warm fetcher (the caller holds the lock).</summary>
    private ChunkId[] MissingLocked(IEnumerable<ChunkId> ids) => ids.Where(id => !_cache.ContainsKey(id) && !TakeWarm(id)).Distinct().ToArray();

    /// <summary>Asks the source for <paramref name="missing"/> in one request and checks every reply against its id.</summary>
    private byte[][] Request(ChunkId[] missing)
    {
        if (_source is null)
        {
            throw new SnapshotFormatException($"chunk {missing[0]} is missing from the snapshot");
        }

        var replies = _source.FetchChunks(missing);
        if (replies.Count != missing.Length)
        {
            throw new SnapshotFormatException($"the source answered {replies.Count} chunks for {missing.Length} requested");
        }

        var chunks = new byte[missing.Length][];
        for (var i = 0; i < missing.Length; i++)
        {
            var chunk = replies[i] ?? throw new SnapshotFormatException($"the source did not send chunk {missing[i]}");
            chunks[i] = missing[i].Matches(chunk) ? chunk : throw new SnapshotFormatException($"chunk {missing[i]} from the source does not match its hash (corrupted)");
        }

        return chunks;
    }

    /// <summary>Lets go of the warm fetcher once the restore is done, so that its cache can be collected.</summary>
    public void ForgetWarm()
    {
        lock (_lock)
        {
            _warm = null;
        }
    }

    /// <summary>Copies a chunk the warm fetcher holds into this cache (the caller holds this fetcher's lock).</summary>
    private bool TakeWarm(ChunkId id)
    {
        if (_warm is null)
        {
            return false;
        }

        lock (_warm._lock)
        {
            if (!_warm._cache.TryGetValue(id, out var chunk))
            {
                return false;
            }

            _cache[id] = chunk;
            return true;
        }
    }

    /// <summary>A copy of the chunks this fetcher holds now.</summary>
    public IReadOnlyDictionary<ChunkId, byte[]> Held()
    {
        lock (_lock)
        {
            return new Dictionary<ChunkId, byte[]>(_cache);
        }
    }

    /// <summary>A chunk, fetching it (alone) if needed.</summary>
    public byte[] Get(ChunkId id)
    {
        lock (_lock)
        {
            if (_cache.TryGetValue(id, out var chunk))
            {
                return chunk;
            }
        }

        Fetch([id]);
        lock (_lock)
        {
            return _cache[id];
        }
    }
}
