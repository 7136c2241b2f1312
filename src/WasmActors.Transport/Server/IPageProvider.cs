namespace WasmActors.Transport.Server;

/// <summary>The server's source of page bytes for one region version. Called concurrently from
/// several connections; implementations must be thread-safe and must not block for long.</summary>
public interface IPageProvider
{
    int PageSize { get; }

    long PageCount { get; }

    /// <summary>Copies pages <paramref name="firstPage"/> .. +<paramref name="count"/> into
    /// <paramref name="destination"/> (exactly <paramref name="count"/> × <see cref="PageSize"/> bytes).</summary>
    void ReadPages(long firstPage, int count, Span<byte> destination);
}

/// <summary>Serves pages out of one contiguous block of memory.</summary>
public sealed class MemoryPageProvider : IPageProvider
{
    private readonly ReadOnlyMemory<byte> _bytes;

    public MemoryPageProvider(ReadOnlyMemory<byte> bytes, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        if (bytes.Length % pageSize != 0)
        {
            throw new ArgumentException($"region of {bytes.Length} bytes is not a whole number of {pageSize}-byte pages", nameof(bytes));
        }
        _bytes = bytes;
        PageSize = pageSize;
    }

    public int PageSize { get; }

    public long PageCount => _bytes.Length / PageSize;

    public void ReadPages(long firstPage, int count, Span<byte> destination)
        => _bytes.Span.Slice(checked((int)(firstPage * PageSize)), count * PageSize).CopyTo(destination);
}

/// <summary>Serves pages through a callback, e.g. from a snapshot file or a page table.</summary>
public sealed class DelegatePageProvider(int pageSize, long pageCount, DelegatePageProvider.ReadPagesHandler read) : IPageProvider
{
    public delegate void ReadPagesHandler(long firstPage, int count, Span<byte> destination);

    public int PageSize { get; } = pageSize > 0 ? pageSize : throw new ArgumentOutOfRangeException(nameof(pageSize));

    public long PageCount { get; } = pageCount >= 0 ? pageCount : throw new ArgumentOutOfRangeException(nameof(pageCount));

    public void ReadPages(long firstPage, int count, Span<byte> destination) => read(firstPage, count, destination);
}
