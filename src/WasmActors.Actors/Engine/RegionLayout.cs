using WasmActors.Snapshot.Format;

namespace WasmActors.Actors.Engine;

/// <summary>One linear memory of a snapshot as a region of pages: its size and where each non-zero page's chunk is.</summary>
internal sealed record RegionLayout(int Region, int PageSize, int PageCount, int[] PageIndices, ChunkId[] PageChunks)
{
    /// <summary>The position in <see cref="PageIndices"/> of <paramref name="page"/>, or negative when it is a zero page.</summary>
    public int Find(int page) => Array.BinarySearch(PageIndices, page);
}

/// <summary>
/// The encoding of a snapshot's regions, which the memory node derives from its memory records and sends to run
/// nodes once per snapshot, so they can ask for pages region by region and over the bulk path.
/// </summary>
internal static class RegionLayoutCodec
{
    public static byte[] Encode(IReadOnlyList<RegionLayout> regions)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(regions.Count);
        foreach (var region in regions)
        {
            writer.Write(region.PageSize);
            writer.Write(region.PageCount);
            writer.Write(region.PageIndices.Length);
            for (var i = 0; i < region.PageIndices.Length; i++)
            {
                writer.Write(region.PageIndices[i]);
                writer.Write((ulong)(region.PageChunks[i].Value >> 64));
                writer.Write((ulong)region.PageChunks[i].Value);
            }
        }

        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>Decodes and checks a layout; anything inconsistent throws <see cref="InvalidDataException"/>.</summary>
    public static RegionLayout[] Decode(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            var count = reader.ReadInt32();
            if (count < 0 || count > 1 << 16)
            {
                throw new InvalidDataException($"{count} regions");
            }

            var regions = new RegionLayout[count];
            for (var r = 0; r < count; r++)
            {
                var pageSize = reader.ReadInt32();
                var pageCount = reader.ReadInt32();
                var resident = reader.ReadInt32();
                if (pageSize is < 4096 or > 65536 || pageCount < 0 || resident < 0 || resident > pageCount || (long)resident * 20 > bytes.Length)
                {
                    throw new InvalidDataException($"region {r}: page size {pageSize}, {pageCount} pages, {resident} resident");
                }

                var indices = new int[resident];
                var chunks = new ChunkId[resident];
                for (var i = 0; i < resident; i++)
                {
                    indices[i] = reader.ReadInt32();
                    if (indices[i] < 0 || indices[i] >= pageCount || (i > 0 && indices[i] <= indices[i - 1]))
                    {
                        throw new InvalidDataException($"region {r}: page index {indices[i]} out of order or range");
                    }

                    var high = reader.ReadUInt64();
                    var low = reader.ReadUInt64();
                    chunks[i] = new ChunkId(((UInt128)high << 64) | low);
                }

                regions[r] = new RegionLayout(r, pageSize, pageCount, indices, chunks);
            }

            return regions;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the region layout is truncated", e);
        }
    }
}
