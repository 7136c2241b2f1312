namespace WasmActors.Transport;

/// <summary>Consecutive pages delivered by a push (prefetch) stream, already checksum-verified.</summary>
public sealed record PageChunk(RegionKey Region, uint FirstPage, int Count, int PageSize, ReadOnlyMemory<byte> Data);

/// <summary>The pages of a fetch, concatenated in the order of the requested ranges.</summary>
public sealed record PageFetchResult(RegionKey Region, int PageSize, long PageCount, ReadOnlyMemory<byte> Data);
