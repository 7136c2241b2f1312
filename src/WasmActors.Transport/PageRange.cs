namespace WasmActors.Transport;

/// <summary>A run of consecutive pages: <see cref="FirstPage"/> .. <see cref="FirstPage"/> + <see cref="Count"/> - 1.</summary>
public readonly record struct PageRange(uint FirstPage, uint Count)
{
    public ulong End => (ulong)FirstPage + Count;

    public override string ToString() => $"[{FirstPage}+{Count}]";

    /// <summary>Total pages in <paramref name="ranges"/>; checked so a hostile list cannot overflow.</summary>
    public static long TotalPages(IReadOnlyList<PageRange> ranges)
    {
        long total = 0;
        for (var i = 0; i < ranges.Count; i++)
        {
            total = checked(total + ranges[i].Count);
        }
        return total;
    }
}
