using System.Buffers.Binary;
using System.IO.Hashing;

namespace WasmActors.Snapshot.Format;

/// <summary>
/// The two kinds of file of a memory node's durable store (docs/snapshot-format.md, "The durable store"): a pack
/// holds chunk bodies, a record names one snapshot and where each chunk it holds itself lies. Both end with an
/// xxHash3 of everything before it, so a torn or corrupted file is told from a whole one.
/// </summary>
internal static class StoreFiles
{
    public static ReadOnlySpan<byte> PackMagic => "WAPACKv1"u8;

    public static ReadOnlySpan<byte> RecordMagic => "WARECDv1"u8;

    private const int TrailerSize = 8;

    private const int MaxChunkBytes = 64 << 20;

    /// <summary>A pack: the chunk table (id and length), then the bodies in that order.</summary>
    public static byte[] WritePack(IReadOnlyList<(ChunkId Id, byte[] Body)> chunks)
    {
        var w = new ByteWriter((int)Math.Min(64 + chunks.Sum(c => (long)c.Body.Length + ChunkId.Size + 8), Array.MaxLength));
        w.Bytes(PackMagic);
        w.Int(chunks.Count);
        foreach (var (id, body) in chunks)
        {
            w.Id(id);
            w.Int(body.Length);
        }

        foreach (var (_, body) in chunks)
        {
            w.Bytes(body);
        }

        return Seal(w);
    }

    /// <summary>Reads a pack and checks each chunk against its id. Throws <see cref="SnapshotFormatException"/>.</summary>
    public static Dictionary<ChunkId, byte[]> ReadPack(ReadOnlyMemory<byte> file)
    {
        var r = Open(file, PackMagic, "pack");
        var table = new (ChunkId Id, int Length)[r.Count(ChunkId.Size + 1)];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = (r.Id(), r.Int(MaxChunkBytes));
        }

        var chunks = new Dictionary<ChunkId, byte[]>(table.Length);
        foreach (var (id, length) in table)
        {
            var body = r.Take(length).ToArray();
            if (!id.Matches(body))
            {
                throw r.Fail($"chunk {id} does not match its hash (corrupted)");
            }

            chunks[id] = body;
        }

        r.ExpectEnd();
        return chunks;
    }

    /// <summary>A record: one stored snapshot.</summary>
    public static byte[] WriteRecord(StoreRecord record)
    {
        var w = new ByteWriter(256 + record.ManifestBytes.Length + (record.Chunks.Count * (ChunkId.Size + 2)));
        w.Bytes(RecordMagic);
        w.String(record.SnapshotId);
        w.String(record.FromInstance);
        w.U64((ulong)record.UploadBytes);
        w.Bool(record.Parent is not null);
        if (record.Parent is { } parent)
        {
            w.Id(parent);
        }

        w.Int(record.ManifestBytes.Length);
        w.Bytes(record.ManifestBytes);
        w.Int(record.Packs.Count);
        foreach (var pack in record.Packs)
        {
            w.String(pack);
        }

        w.Int(record.Chunks.Count);
        foreach (var (id, pack) in record.Chunks)
        {
            w.Id(id);
            w.Int(pack);
        }

        return Seal(w);
    }

    /// <summary>Reads a record. Throws <see cref="SnapshotFormatException"/> on any defect.</summary>
    public static StoreRecord ReadRecord(ReadOnlyMemory<byte> file)
    {
        var r = Open(file, RecordMagic, "record");
        var snapshotId = r.String();
        var fromInstance = r.String();
        var uploadBytes = r.U64();
        ChunkId? parent = r.Bool() ? r.Id() : null;
        var manifest = r.Take(r.Int(MaxChunkBytes)).ToArray();
        var packs = new string[r.Count()];
        for (var i = 0; i < packs.Length; i++)
        {
            packs[i] = r.String();
        }

        var chunks = new (ChunkId, int)[r.Count(ChunkId.Size + 1)];
        for (var i = 0; i < chunks.Length; i++)
        {
            chunks[i] = (r.Id(), r.Int(packs.Length - 1));
        }

        r.ExpectEnd();
        return uploadBytes <= long.MaxValue
            ? new StoreRecord(snapshotId, fromInstance, (long)uploadBytes, parent, manifest, packs, chunks)
            : throw r.Fail($"upload size {uploadBytes} is out of range");
    }

    private static byte[] Seal(ByteWriter w)
    {
        w.Fixed64(XxHash3.HashToUInt64(w.Written));
        return w.ToArray();
    }

    private static ByteReader Open(ReadOnlyMemory<byte> file, ReadOnlySpan<byte> magic, string what)
    {
        if (file.Length < magic.Length + TrailerSize || !file.Span[..magic.Length].SequenceEqual(magic))
        {
            throw new SnapshotFormatException($"{what}: not a store {what} (bad magic or too short)");
        }

        var checksum = BinaryPrimitives.ReadUInt64LittleEndian(file.Span[^TrailerSize..]);
        if (XxHash3.HashToUInt64(file.Span[..^TrailerSize]) != checksum)
        {
            throw new SnapshotFormatException($"{what}: checksum mismatch: the file is truncated or corrupted");
        }

        var r = new ByteReader(file[..^TrailerSize], what);
        r.Take(magic.Length);
        return r;
    }
}

/// <summary>
/// One stored snapshot: its id, the instance it was taken of, the size its upload was counted at, its parent (by
/// manifest id, as a delta file names it), its manifest, and for each chunk it holds itself the pack that holds it
/// (an index into <paramref name="Packs"/>).
/// </summary>
internal sealed record StoreRecord(
    string SnapshotId,
    string FromInstance,
    long UploadBytes,
    ChunkId? Parent,
    byte[] ManifestBytes,
    IReadOnlyList<string> Packs,
    IReadOnlyList<(ChunkId Id, int Pack)> Chunks);
