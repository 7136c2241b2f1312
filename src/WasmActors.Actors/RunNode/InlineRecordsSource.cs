using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// A snapshot source that answers from records already here — those a <see cref="ContinueFrom"/> carried (the manifest
/// and the final delta's own chunks except pages) or a prefetch brought (<see cref="SnapshotRecords"/>) — and asks
/// <paramref name="inner"/> (the memory node) for everything else. The restore checks every chunk against its id,
/// wherever it came from.
/// </summary>
internal sealed class InlineRecordsSource(ISnapshotSource inner, byte[] manifest, IReadOnlyDictionary<ChunkId, byte[]> chunks) : ISnapshotSource
{
    /// <summary>Reads <see cref="ContinueFrom.Records"/>; null (use the memory node alone) if it is malformed.</summary>
    public static InlineRecordsSource? TryOpen(byte[] records, ISnapshotSource inner)
    {
        try
        {
            var parts = BlobParts.SplitChunks(records);
            if (parts.Count == 0)
            {
                return null;
            }

            var chunks = new Dictionary<ChunkId, byte[]>();
            foreach (var chunk in parts.Skip(1))
            {
                chunks[ChunkId.Of(chunk)] = chunk;
            }

            return new InlineRecordsSource(inner, parts[0], chunks);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    public byte[] FetchManifest() => manifest;

    public IReadOnlyList<byte[]> FetchChunks(IReadOnlyList<ChunkId> ids)
    {
        var results = new byte[ids.Count][];
        var missing = new List<int>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (chunks.TryGetValue(ids[i], out var chunk))
            {
                results[i] = chunk;
            }
            else
            {
                missing.Add(i);
            }
        }

        if (missing.Count > 0)
        {
            var fetched = inner.FetchChunks(missing.Select(i => ids[i]).ToArray());
            for (var i = 0; i < missing.Count; i++)
            {
                results[missing[i]] = fetched[i];
            }
        }

        return results;
    }

    public byte[] FetchWhole() => inner.FetchWhole();
}
