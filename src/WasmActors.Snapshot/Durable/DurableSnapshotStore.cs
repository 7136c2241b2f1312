using WasmActors.Snapshot.Format;

namespace WasmActors.Snapshot.Durable;

/// <summary>
/// A memory node's snapshots on disk (ADR-014): one record per snapshot in <c>snapshots/</c> and chunk bodies in
/// packs in <c>packs/</c>, each chunk stored once however many snapshots hold it. A chunk lives in the pack of the
/// first upload that brought it and is counted once per record naming it; a pack is deleted when none of its
/// chunks is counted any more. An upload writes its pack of new chunks, then its record, each durably
/// (<see cref="DurableFiles"/>), so a crash leaves a snapshot whole (its record and every pack it names) or absent
/// (no record; a pack no record names is removed at the next start). Thread-safe: one lock around every change.
/// </summary>
internal sealed class DurableSnapshotStore
{
    private const string RecordExtension = ".record";
    private const string PackExtension = ".pack";

    private readonly string _records;
    private readonly string _packs;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoreRecord> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<ChunkId, (string Pack, int References)> _chunks = [];
    private readonly Dictionary<string, int> _chunksInPack = new(StringComparer.Ordinal);

    private DurableSnapshotStore(string directory)
    {
        Directory = directory;
        _records = Path.Combine(directory, "snapshots");
        _packs = Path.Combine(directory, "packs");
    }

    public string Directory { get; }

    /// <summary>
    /// Opens (or creates) the store at <paramref name="directory"/> and reads back what it holds: every whole
    /// snapshot, parents before their deltas, in <paramref name="held"/>; every snapshot that cannot be served, with
    /// why, in <paramref name="dropped"/> (its record is removed). Leftovers of interrupted writes are removed.
    /// </summary>
    public static DurableSnapshotStore Open(string directory, out IReadOnlyList<StoredSnapshot> held, out IReadOnlyList<DroppedSnapshot> dropped)
    {
        var store = new DurableSnapshotStore(directory);
        System.IO.Directory.CreateDirectory(store._records);
        System.IO.Directory.CreateDirectory(store._packs);
        var scan = new StoreScan(store._records, store._packs);
        held = scan.Run(out dropped);
        foreach (var record in scan.Kept)
        {
            store.Count(record);
        }

        foreach (var pack in System.IO.Directory.EnumerateFiles(store._packs))
        {
            if (!store._chunksInPack.ContainsKey(Path.GetFileNameWithoutExtension(pack)) || !pack.EndsWith(PackExtension, StringComparison.Ordinal))
            {
                File.Delete(pack); // an interrupted upload's pack, a freed pack whose deletion was cut short, a temporary
            }
        }

        foreach (var record in System.IO.Directory.EnumerateFiles(store._records, "*" + DurableFiles.TemporarySuffix))
        {
            File.Delete(record);
        }

        DurableFiles.SyncDirectory(store._packs);
        DurableFiles.SyncDirectory(store._records);
        return store;
    }

    /// <summary>
    /// Stores <paramref name="snapshot"/> durably: returns once its new chunks and its record are on disk. A delta's
    /// parent must be stored first. Throws <see cref="IOException"/> (or another file-system error) when the disk
    /// refuses; nothing of the snapshot is then counted.
    /// </summary>
    public void Put(string snapshotId, string fromInstance, long uploadBytes, SnapshotImage snapshot)
    {
        lock (_gate)
        {
            if (_held.ContainsKey(snapshotId))
            {
                Remove(snapshotId);
            }

            var fresh = snapshot.Chunks.Where(c => !_chunks.ContainsKey(c.Key)).OrderBy(c => c.Key.Value).Select(c => (c.Key, c.Value)).ToList();
            string? newPack = null;
            if (fresh.Count > 0)
            {
                newPack = $"{snapshotId}-{Guid.NewGuid():N}";
                DurableFiles.Write(PackPath(newPack), StoreFiles.WritePack(fresh));
            }

            var packs = new List<string>();
            var chunks = new List<(ChunkId, int)>(snapshot.Chunks.Count);
            foreach (var id in snapshot.Chunks.Keys)
            {
                var pack = _chunks.TryGetValue(id, out var entry) ? entry.Pack : newPack!;
                var index = packs.IndexOf(pack);
                if (index < 0)
                {
                    index = packs.Count;
                    packs.Add(pack);
                }

                chunks.Add((id, index));
            }

            var record = new StoreRecord(snapshotId, fromInstance, uploadBytes, snapshot.Parent is { } parent ? ChunkId.Of(parent.ManifestBytes) : null, snapshot.ManifestBytes, packs, chunks);
            try
            {
                DurableFiles.Write(RecordPath(snapshotId), StoreFiles.WriteRecord(record));
            }
            catch
            {
                if (newPack is not null)
                {
                    File.Delete(PackPath(newPack));
                }

                throw;
            }

            Count(record);
        }
    }

    /// <summary>Drops a snapshot: its record goes first (durably), then every pack none of whose chunks is still held.</summary>
    public void Remove(string snapshotId)
    {
        lock (_gate)
        {
            if (!_held.Remove(snapshotId, out var record))
            {
                return;
            }

            DurableFiles.Delete(RecordPath(snapshotId));
            foreach (var (id, _) in record.Chunks)
            {
                var (pack, references) = _chunks[id];
                if (references > 1)
                {
                    _chunks[id] = (pack, references - 1);
                    continue;
                }

                _chunks.Remove(id);
                if (--_chunksInPack[pack] == 0)
                {
                    _chunksInPack.Remove(pack);
                    File.Delete(PackPath(pack));
                }
            }
        }
    }

    /// <summary>How many stored snapshots hold chunk <paramref name="id"/> themselves (0: not stored).</summary>
    public int References(ChunkId id)
    {
        lock (_gate)
        {
            return _chunks.TryGetValue(id, out var entry) ? entry.References : 0;
        }
    }

    /// <summary>The packs on disk.</summary>
    public int Packs
    {
        get
        {
            lock (_gate)
            {
                return _chunksInPack.Count;
            }
        }
    }

    /// <summary>Bytes of the store's files on disk.</summary>
    public long BytesOnDisk()
    {
        lock (_gate)
        {
            return System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        }
    }

    private void Count(StoreRecord record)
    {
        _held[record.SnapshotId] = record;
        foreach (var (id, packIndex) in record.Chunks)
        {
            if (_chunks.TryGetValue(id, out var entry))
            {
                _chunks[id] = (entry.Pack, entry.References + 1);
                continue;
            }

            var pack = record.Packs[packIndex];
            _chunks[id] = (pack, 1);
            _chunksInPack[pack] = _chunksInPack.GetValueOrDefault(pack) + 1;
        }
    }

    private string RecordPath(string snapshotId) => RecordFile(_records, snapshotId);

    private string PackPath(string pack) => PackFile(_packs, pack);

    internal const string RecordPattern = "*" + RecordExtension;

    internal static string RecordFile(string records, string snapshotId) => Path.Combine(records, snapshotId + RecordExtension);

    internal static string PackFile(string packs, string pack) => Path.Combine(packs, pack + PackExtension);
}
