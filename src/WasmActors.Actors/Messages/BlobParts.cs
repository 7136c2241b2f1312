namespace WasmActors.Actors.Messages;

/// <summary>
/// Splits a payload into parts that each fit one Akka.Remote frame, and puts them back together. Akka.Remote drops
/// an oversize message without telling the sender, so nothing large is ever sent whole.
/// </summary>
internal static class BlobParts
{
    /// <summary>The smallest part size any sender uses (wasmactors.remote-chunk-bytes is at least this).</summary>
    public const int MinPartBytes = 1024;

    public static IEnumerable<(int Part, int Parts, byte[] Data)> Split(byte[] blob, int maxPartBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPartBytes, 1);
        var parts = Math.Max(1, (int)((blob.Length + (long)maxPartBytes - 1) / maxPartBytes));
        for (var i = 0; i < parts; i++)
        {
            var start = (long)i * maxPartBytes;
            yield return (i, parts, blob.AsSpan((int)start, (int)Math.Min(maxPartBytes, blob.Length - start)).ToArray());
        }
    }

    /// <summary>Chunks as one blob: each a 4-byte little-endian length, then its bytes.</summary>
    public static byte[] JoinChunks(IReadOnlyList<byte[]> chunks)
    {
        var blob = new byte[chunks.Sum(c => 4L + c.Length)];
        var at = 0;
        foreach (var chunk in chunks)
        {
            BitConverter.TryWriteBytes(blob.AsSpan(at), chunk.Length);
            chunk.CopyTo(blob.AsSpan(at + 4));
            at += 4 + chunk.Length;
        }

        return blob;
    }

    /// <summary>The inverse of <see cref="JoinChunks"/>; a malformed blob throws <see cref="InvalidDataException"/>.</summary>
    public static IReadOnlyList<byte[]> SplitChunks(byte[] blob, int expected)
    {
        var chunks = SplitChunks(blob);
        return chunks.Count == expected ? chunks : throw new InvalidDataException($"the reply holds {chunks.Count} chunks, {expected} were asked for");
    }

    /// <summary>Every chunk of a <see cref="JoinChunks"/> blob; a malformed blob throws <see cref="InvalidDataException"/>.</summary>
    public static IReadOnlyList<byte[]> SplitChunks(byte[] blob)
    {
        var chunks = new List<byte[]>();
        var at = 0;
        while (at < blob.Length)
        {
            if (blob.Length - at < 4)
            {
                throw new InvalidDataException("a chunk length is cut off");
            }

            var length = BitConverter.ToInt32(blob, at);
            if (length < 0 || length > blob.Length - at - 4)
            {
                throw new InvalidDataException($"a chunk of {length} bytes does not fit the reply");
            }

            chunks.Add(blob.AsSpan(at + 4, length).ToArray());
            at += 4 + length;
        }

        return chunks;
    }
}

/// <summary>Collects the parts of one blob in any order; duplicates are ignored, a part that disagrees is an error.</summary>
internal sealed class BlobAssembler
{
    private readonly byte[]?[] _parts;
    private int _received;

    private BlobAssembler(int parts, long totalBytes)
    {
        _parts = new byte[]?[parts];
        TotalBytes = totalBytes;
    }

    /// <summary>The size the blob was announced with: what it holds once complete.</summary>
    public long TotalBytes { get; }

    /// <summary>
    /// An assembler for a blob announced (by its first part to arrive) as <paramref name="parts"/> parts of
    /// <paramref name="totalBytes"/> in all; null, with the reason, when the announcement cannot be true (every part
    /// but the last holds at least <see cref="BlobParts.MinPartBytes"/>) or is larger than <paramref name="maxBytes"/>.
    /// The announcement comes from the network, so it is checked before anything is allocated for it.
    /// </summary>
    public static BlobAssembler? Create(int parts, long totalBytes, long maxBytes, out string? problem)
    {
        var limit = Math.Min(maxBytes, Array.MaxLength);
        var mostParts = Math.Max(1, (totalBytes + BlobParts.MinPartBytes - 1) / BlobParts.MinPartBytes);
        problem = totalBytes < 0 || parts < 1 || parts > mostParts ? $"{parts} parts of {totalBytes} bytes in all cannot be right"
            : totalBytes > limit ? $"{totalBytes} bytes are more than the {limit} allowed"
            : null;
        return problem is null ? new BlobAssembler(parts, totalBytes) : null;
    }

    public bool IsComplete => _received == _parts.Length;

    /// <summary>Distinct parts received so far.</summary>
    public int Received => _received;

    /// <summary>Adds a part; false when it does not belong (wrong count, index or size).</summary>
    public bool Add(int part, int count, long total, byte[] data)
    {
        if (count != _parts.Length || total != TotalBytes || part < 0 || part >= _parts.Length)
        {
            return false;
        }

        if (_parts[part] is null)
        {
            _parts[part] = data;
            _received++;
        }

        return true;
    }

    public byte[] Assemble()
    {
        if (!IsComplete)
        {
            throw new InvalidOperationException("parts are missing");
        }

        var blob = new byte[TotalBytes];
        var at = 0L;
        foreach (var part in _parts)
        {
            if (at + part!.Length > blob.Length)
            {
                throw new InvalidDataException($"the parts add up to more than {TotalBytes} bytes");
            }

            part.CopyTo(blob.AsSpan((int)at));
            at += part.Length;
        }

        return at == TotalBytes ? blob : throw new InvalidDataException($"the parts add up to {at} bytes, not {TotalBytes}");
    }
}
