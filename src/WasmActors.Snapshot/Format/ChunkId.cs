using System.Globalization;
using System.IO.Hashing;

namespace WasmActors.Snapshot.Format;

/// <summary>
/// The content address of a chunk (a page, an instance record, a piece of code): the 128-bit xxHash3 of its
/// uncompressed bytes. 128 bits rather than 64 because ids name pieces across many snapshots and nodes, where a
/// 64-bit collision among hundreds of millions of pages is no longer negligible.
/// </summary>
internal readonly record struct ChunkId(UInt128 Value)
{
    public const int Size = 16;

    public static ChunkId Of(ReadOnlySpan<byte> content) => new(XxHash128.HashToUInt128(content));

    public bool Matches(ReadOnlySpan<byte> content) => Of(content) == this;

    public override string ToString() => Value.ToString("x32", CultureInfo.InvariantCulture);
}
