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
            var missing = ids.Where(id => !_cache.ContainsKey(id) && !TakeWarm(id)).Distinct().ToArray();
            if (missing.Length == 0)
            {
                return;
            }

            if (_source is null)
            {
                throw new SnapshotFormatException($"chunk {missing[0]} is missing from the snapshot");
            }

            var replies = _source.FetchChunks(missing);
            if (replies.Count != missing.Length)
            {
                throw new SnapshotFormatException($"the source answered {replies.Count} chunks for {missing.Length} requested");
            }

            long bytes = 0;
            for (var i = 0; i < missing.Length; i++)
            {
                var chunk = replies[i] ?? throw new SnapshotFormatException($"the source did not send chunk {missing[i]}");
                if (!missing[i].Matches(chunk))
                {
                    throw new SnapshotFormatException($"chunk {missing[i]} from the source does not match its hash (corrupted)");
                }

                _cache[missing[i]] = chunk;
                bytes += chunk.Length;
            }

            Metrics.Fetched(missing.Length, bytes);
            if (fork is not null && !ReferenceEquals(fork, Metrics))
            {
                fork.Fetched(missing.Length, bytes);
            }
        }
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
