using WasmActors.Snapshot.Format;

namespace WasmActors.Snapshot.Durable;

/// <summary>
/// Reads a store back at start: every record, the packs they name (each read and checked once), parents before
/// their deltas. A snapshot that cannot be made whole is dropped with its <see cref="StoreDefect"/> and its record
/// removed, and so is every delta of it.
/// </summary>
internal sealed class StoreScan(string records, string packs)
{
    private readonly Dictionary<string, StoreRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<ChunkId, StoreRecord> _byManifest = [];
    private readonly Dictionary<string, SnapshotImage> _built = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DroppedSnapshot> _dropped = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Dictionary<ChunkId, byte[]>? Chunks, string? Problem)> _packs = new(StringComparer.Ordinal);
    private readonly List<StoredSnapshot> _held = [];

    /// <summary>The records of the snapshots kept, in the order they were built.</summary>
    public List<StoreRecord> Kept { get; } = [];

    public IReadOnlyList<StoredSnapshot> Run(out IReadOnlyList<DroppedSnapshot> dropped)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(records, DurableSnapshotStore.RecordPattern))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            try
            {
                var record = StoreFiles.ReadRecord(File.ReadAllBytes(file));
                if (record.SnapshotId != name)
                {
                    throw new SnapshotFormatException($"record: it names snapshot {record.SnapshotId}, not {name}");
                }

                _records[name] = record;
                _byManifest[ChunkId.Of(record.ManifestBytes)] = record;
            }
            catch (SnapshotFormatException e)
            {
                Drop(name, StoreDefect.RecordUnreadable, e.Message);
            }
        }

        foreach (var record in _records.Values.OrderBy(r => r.SnapshotId, StringComparer.Ordinal))
        {
            Build(record, []);
        }

        dropped = _dropped.Values.ToArray();
        return _held;
    }

    private SnapshotImage? Build(StoreRecord record, HashSet<string> visiting)
    {
        if (_built.TryGetValue(record.SnapshotId, out var done))
        {
            return done;
        }

        if (_dropped.ContainsKey(record.SnapshotId))
        {
            return null;
        }

        SnapshotImage? parent = null;
        if (record.Parent is { } parentId)
        {
            if (!_byManifest.TryGetValue(parentId, out var parentRecord) || !visiting.Add(record.SnapshotId))
            {
                return Drop(record.SnapshotId, StoreDefect.ParentMissing, $"it is a delta of snapshot {parentId}, which is not held");
            }

            parent = Build(parentRecord, visiting);
            if (parent is null)
            {
                return Drop(record.SnapshotId, StoreDefect.ParentMissing, $"it is a delta of snapshot {parentRecord.SnapshotId}, which was dropped");
            }
        }

        var chunks = new Dictionary<ChunkId, byte[]>(record.Chunks.Count);
        foreach (var (id, packIndex) in record.Chunks)
        {
            var pack = record.Packs[packIndex];
            var (packChunks, problem) = ReadPack(pack);
            if (packChunks is null)
            {
                return Drop(record.SnapshotId, StoreDefect.PackUnreadable, $"pack {pack}: {problem}");
            }

            if (!packChunks.TryGetValue(id, out var body))
            {
                return Drop(record.SnapshotId, StoreDefect.ChunkMissing, $"pack {pack} does not hold chunk {id}");
            }

            chunks[id] = body;
        }

        try
        {
            var snapshot = new SnapshotImage(RecordCodec.DecodeManifest(record.ManifestBytes), chunks, parent);
            if (!snapshot.ManifestBytes.AsSpan().SequenceEqual(record.ManifestBytes))
            {
                throw new SnapshotFormatException("its manifest does not read back to the same bytes");
            }

            SnapshotMemories.Check(snapshot);
            _built[record.SnapshotId] = snapshot;
            _held.Add(new StoredSnapshot(record.SnapshotId, record.FromInstance, record.UploadBytes, snapshot));
            Kept.Add(record);
            return snapshot;
        }
        catch (SnapshotFormatException e)
        {
            return Drop(record.SnapshotId, StoreDefect.SnapshotInvalid, e.Message);
        }
    }

    private (Dictionary<ChunkId, byte[]>? Chunks, string? Problem) ReadPack(string pack)
    {
        if (!_packs.TryGetValue(pack, out var read))
        {
            var path = DurableSnapshotStore.PackFile(packs, pack);
            try
            {
                read = (StoreFiles.ReadPack(File.ReadAllBytes(path)), null);
            }
            catch (Exception e) when (e is SnapshotFormatException or IOException)
            {
                read = (null, e.Message);
            }

            _packs[pack] = read;
        }

        return read;
    }

    private SnapshotImage? Drop(string snapshotId, StoreDefect defect, string detail)
    {
        _dropped[snapshotId] = new DroppedSnapshot(snapshotId, defect, detail);
        File.Delete(DurableSnapshotStore.RecordFile(records, snapshotId));
        return null;
    }
}
