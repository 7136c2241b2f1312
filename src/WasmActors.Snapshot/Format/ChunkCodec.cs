using K4os.Compression.LZ4;

namespace WasmActors.Snapshot.Format;

/// <summary>How a chunk is stored in a file. The chunk's id is always the hash of its uncompressed bytes.</summary>
internal enum ChunkEncoding : byte
{
    Raw = 0,
    Lz4 = 1,
}

/// <summary>Per-chunk compression: LZ4 when it saves at least an eighth, raw otherwise.</summary>
internal static class ChunkCodec
{
    /// <summary>LZ4 cannot expand data by more than this factor; a larger claim is a decompression bomb.</summary>
    public const int MaxLz4Ratio = 255;

    public static (ChunkEncoding Encoding, byte[] Stored) Encode(byte[] raw, bool compress)
    {
        if (!compress || raw.Length < 64)
        {
            return (ChunkEncoding.Raw, raw);
        }

        var buffer = new byte[LZ4Codec.MaximumOutputSize(raw.Length)];
        var written = LZ4Codec.Encode(raw, buffer, LZ4Level.L00_FAST);
        return written > 0 && written <= raw.Length - (raw.Length / 8)
            ? (ChunkEncoding.Lz4, buffer.AsSpan(0, written).ToArray())
            : (ChunkEncoding.Raw, raw);
    }

    public static byte[] Decode(ChunkEncoding encoding, ReadOnlySpan<byte> stored, int rawLength, ChunkId id)
    {
        byte[] raw;
        switch (encoding)
        {
            case ChunkEncoding.Raw:
                if (stored.Length != rawLength)
                {
                    throw new SnapshotFormatException($"chunk {id}: stored {stored.Length} bytes, expected {rawLength}");
                }

                raw = stored.ToArray();
                break;
            case ChunkEncoding.Lz4:
                if ((long)rawLength > ((long)stored.Length * MaxLz4Ratio) + 16)
                {
                    throw new SnapshotFormatException($"chunk {id}: {stored.Length} compressed bytes cannot expand to {rawLength}");
                }

                raw = new byte[rawLength];
                int decoded;
                try
                {
                    decoded = LZ4Codec.Decode(stored, raw);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
                {
                    throw new SnapshotFormatException($"chunk {id}: LZ4 data is corrupt", e);
                }

                if (decoded != rawLength)
                {
                    throw new SnapshotFormatException($"chunk {id}: LZ4 data is corrupt");
                }

                break;
            default:
                throw new SnapshotFormatException($"chunk {id}: unknown encoding {(byte)encoding}");
        }

        return id.Matches(raw) ? raw : throw new SnapshotFormatException($"chunk {id}: content does not match its hash (corrupted)");
    }
}
