using System.Buffers.Binary;
using System.IO.Hashing;

namespace WasmActors.Snapshot.Format;

/// <summary>
/// The single-file form of a snapshot (docs/snapshot-format.md): header, manifest, chunk table, chunk data and a
/// checksum. The same bytes are the unit of the <c>Wasm</c> granularity.
/// </summary>
internal static class SnapshotFile
{
    public static ReadOnlySpan<byte> Magic => "WASNAPv1"u8;

    private const int TrailerSize = 8;

    /// <summary>Upper bound on one chunk's size: records of the largest stores stay well below it.</summary>
    private const int MaxChunkBytes = 64 << 20;

    /// <param name="delta">
    /// With a parent: write only the chunks the parent lacks, naming the parent by its manifest's id (reading then
    /// needs the parent). Otherwise the file holds every chunk the snapshot refers to.
    /// </param>
    public static byte[] Write(SnapshotImage snapshot, bool compress = false, bool delta = false)
    {
        var parent = delta ? snapshot.Parent : null;
        if (!delta)
        {
            snapshot = snapshot.Flatten();
        }

        // Chunks in id order, so equal snapshots are equal files.
        var chunks = snapshot.Chunks.OrderBy(c => c.Key.Value).Select(c => (c.Key, Raw: c.Value, Encoded: ChunkCodec.Encode(c.Value, compress))).ToArray();
        var size = 256 + snapshot.ManifestBytes.Length + chunks.Sum(c => (long)c.Encoded.Stored.Length + ChunkId.Size + 12);
        var w = new ByteWriter((int)Math.Min(size, Array.MaxLength));
        w.Bytes(Magic);
        w.Fixed32(SnapshotVersion.Format);
        w.String(SnapshotVersion.Engine);
        w.Bool(parent is not null);
        if (parent is not null)
        {
            w.Id(ChunkId.Of(parent.ManifestBytes));
        }

        w.Int(snapshot.ManifestBytes.Length);
        w.Id(ChunkId.Of(snapshot.ManifestBytes));
        w.Bytes(snapshot.ManifestBytes);

        w.Int(chunks.Length);
        foreach (var (id, raw, encoded) in chunks)
        {
            w.Id(id);
            w.Byte((byte)encoded.Encoding);
            w.Int(raw.Length);
            w.Int(encoded.Stored.Length);
        }

        foreach (var (_, _, encoded) in chunks)
        {
            w.Bytes(encoded.Stored);
        }

        w.Fixed64(XxHash3.HashToUInt64(w.Written));
        return w.ToArray();
    }

    /// <summary>
    /// Reads and verifies a snapshot file: checksum, versions, every chunk against its hash, the manifest. Throws
    /// <see cref="SnapshotFormatException"/> on any defect. Records are checked against each other when restored.
    /// A delta file needs its <paramref name="parent"/>.
    /// </summary>
    public static SnapshotImage Read(ReadOnlyMemory<byte> file, string? expectedEngine = null, SnapshotImage? parent = null)
    {
        var span = file.Span;
        var r = ReadHeader(file, out var engine);
        var expected = expectedEngine ?? SnapshotVersion.Engine;
        if (engine != expected)
        {
            throw new SnapshotFormatException($"snapshot was written by engine version \"{engine}\"; this is \"{expected}\" and cannot restore it");
        }

        var checksum = BinaryPrimitives.ReadUInt64LittleEndian(span[^TrailerSize..]);
        if (XxHash3.HashToUInt64(span[..^TrailerSize]) != checksum)
        {
            throw new SnapshotFormatException("snapshot checksum mismatch: the file is truncated or corrupted");
        }

        SnapshotImage? lineage = null;
        if (r.Bool())
        {
            var parentId = r.Id();
            if (parent is null || ChunkId.Of(parent.ManifestBytes) != parentId)
            {
                throw new SnapshotFormatException($"this snapshot holds only its changes since snapshot {parentId}, which was not given");
            }

            lineage = parent;
        }

        var manifestLength = r.Int(MaxChunkBytes);
        var manifestId = r.Id();
        var manifestBytes = r.Take(manifestLength).ToArray();
        if (!manifestId.Matches(manifestBytes))
        {
            throw new SnapshotFormatException("the manifest does not match its hash");
        }

        var manifest = RecordCodec.DecodeManifest(manifestBytes);
        var table = ReadChunkTable(r);
        var chunks = new Dictionary<ChunkId, byte[]>(table.Length);
        foreach (var (id, encoding, rawLength, storedLength) in table)
        {
            chunks[id] = ChunkCodec.Decode(encoding, r.Take(storedLength), rawLength, id);
        }

        r.ExpectEnd();
        return new SnapshotImage(manifest, chunks, lineage);
    }

    /// <summary>
    /// The parent a delta file names (its manifest id), or null for a file that stands alone; read from the header
    /// only, before the parent is at hand. Throws <see cref="SnapshotFormatException"/> on a header that is not one.
    /// </summary>
    public static ChunkId? ReadParentId(ReadOnlyMemory<byte> file)
    {
        var r = ReadHeader(file, out _);
        return r.Bool() ? r.Id() : null;
    }

    /// <summary>
    /// Checks magic, length and format version and reads the engine version; the reader it returns stops before the
    /// trailer and stands at the parent flag. Read and ReadParentId share it so both reject a bad header alike.
    /// </summary>
    private static ByteReader ReadHeader(ReadOnlyMemory<byte> file, out string engine)
    {
        if (file.Length < Magic.Length + 4 + TrailerSize || !file.Span[..Magic.Length].SequenceEqual(Magic))
        {
            throw new SnapshotFormatException("not a WasmActors snapshot (bad magic or too short)");
        }

        var r = new ByteReader(file[..^TrailerSize], "snapshot file");
        r.Take(Magic.Length);
        var format = r.Fixed32();
        if (format != SnapshotVersion.Format)
        {
            throw new SnapshotFormatException($"snapshot format version {format} is not supported (this engine reads version {SnapshotVersion.Format})");
        }

        try
        {
            engine = r.String();
        }
        catch (SnapshotFormatException e)
        {
            throw new SnapshotFormatException("snapshot header is corrupt (engine version unreadable)", e);
        }

        return r;
    }

    private static (ChunkId Id, ChunkEncoding Encoding, int Raw, int Stored)[] ReadChunkTable(ByteReader r)
    {
        var entries = new (ChunkId, ChunkEncoding, int, int)[r.Count(ChunkId.Size + 3)];
        var seen = new HashSet<ChunkId>(entries.Length);
        long stored = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            var id = r.Id();
            var encoding = (ChunkEncoding)r.Byte();
            if (!Enum.IsDefined(encoding))
            {
                throw r.Fail($"chunk {id} has unknown encoding {(byte)encoding}");
            }

            var raw = r.Int(MaxChunkBytes);
            var storedLength = r.Int(MaxChunkBytes);
            if (!seen.Add(id))
            {
                throw r.Fail($"chunk {id} is listed twice");
            }

            stored += storedLength;
            entries[i] = (id, encoding, raw, storedLength);
        }

        return stored == r.Remaining
            ? entries
            : throw r.Fail($"the chunk table describes {stored} bytes of data but {r.Remaining} follow");
    }
}
