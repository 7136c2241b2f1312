using System.Threading.Channels;
using WasmActors.Transport.Protocol;

namespace WasmActors.Transport.Client;

/// <summary>Client-side state of one open request: checks that Pages frames arrive in range order with
/// valid checksums, and places them into the caller's buffer or onto its push channel.</summary>
internal sealed class PendingRequest
{
    private readonly PageRange[] _ranges;
    private readonly int _maxPageSize;
    private readonly int _expectedPageSize;
    private readonly ChannelWriter<PageChunk>? _push;
    private readonly bool _allocate;
    private readonly Lock _placementLock = new();
    private bool _placing;
    private bool _abandoned;
    private TaskCompletionSource? _placementEnded;
    private Memory<byte> _destination;
    private int _rangeIndex;
    private uint _rangeOffset;
    private long _received;

    private PendingRequest(ulong id, RegionKey region, PageRange[] ranges, long totalPages, int maxPageSize, Memory<byte> destination, int expectedPageSize, ChannelWriter<PageChunk>? push, bool allocate)
    {
        _allocate = allocate;
        Id = id;
        Region = region;
        _ranges = ranges;
        TotalPages = totalPages;
        _maxPageSize = maxPageSize;
        _destination = destination;
        _expectedPageSize = expectedPageSize;
        _push = push;
    }

    public ulong Id { get; }

    public RegionKey Region { get; }

    public long TotalPages { get; }

    public int PageSize { get; private set; }

    public Memory<byte> Data => _destination;

    public FetchMessage Message => new(Region, _push is null ? FetchMode.Fetch : FetchMode.Push, _ranges);

    public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsComplete => _received == TotalPages;

    /// <summary>Validates a request before it is sent; a request the server would refuse fails here.</summary>
    public static PendingRequest Create(ulong id, RegionKey region, IReadOnlyList<PageRange> ranges, PageTransportOptions options, Memory<byte> destination, bool allocate, ChannelWriter<PageChunk>? push)
    {
        if (ranges.Count == 0 || ranges.Count > options.MaxRangesPerRequest)
        {
            throw new ArgumentException($"a request needs 1..{options.MaxRangesPerRequest} ranges", nameof(ranges));
        }
        var copy = ranges.ToArray();
        foreach (var range in copy)
        {
            if (range.Count == 0)
            {
                throw new ArgumentException($"empty range {range}", nameof(ranges));
            }
        }
        var total = PageRange.TotalPages(copy);
        if (total > options.MaxPagesPerRequest)
        {
            throw new PageTransportException(PageTransportError.LimitExceeded, $"{total} pages requested, limit is {options.MaxPagesPerRequest}");
        }
        var expected = 0;
        if (!allocate && push is null)
        {
            if (destination.Length % total != 0 || destination.Length == 0)
            {
                throw new ArgumentException($"destination of {destination.Length} bytes is not {total} whole pages", nameof(destination));
            }
            expected = checked((int)(destination.Length / total));
        }
        return new PendingRequest(id, region, copy, total, options.MaxPageSize, destination, expected, push, allocate && push is null);
    }

    /// <summary>True when the destination belongs to this request (allocated for it), so nobody else sees
    /// bytes written there before the request completes, whatever happens to the caller meanwhile.</summary>
    public bool OwnsDestination => _allocate;

    /// <summary>A reader that outlives the caller (TCP's shared read loop) claims a caller's destination
    /// for one direct read; false once the caller has given up (<see cref="AbandonAsync"/>).</summary>
    public bool TryBeginPlacement()
    {
        lock (_placementLock)
        {
            if (_abandoned)
            {
                return false;
            }
            _placing = true;
            return true;
        }
    }

    /// <summary>The direct read claimed by <see cref="TryBeginPlacement"/> is over (done or failed).</summary>
    public void EndPlacement()
    {
        TaskCompletionSource? ended;
        lock (_placementLock)
        {
            _placing = false;
            ended = _placementEnded;
            _placementEnded = null;
        }
        ended?.TrySetResult();
    }

    /// <summary>The caller gives up: no direct read into its buffer starts after this, and the task ends
    /// once one in progress has finished, after which nothing here writes to the buffer again.</summary>
    public Task AbandonAsync()
    {
        lock (_placementLock)
        {
            _abandoned = true;
            if (!_placing)
            {
                return Task.CompletedTask;
            }
            _placementEnded ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _placementEnded.Task;
        }
    }

    /// <summary>Accepts the next Pages frame; throws on anything out of order or corrupt.</summary>
    public void OnPages(in PagesFrame frame)
    {
        CheckNext(frame);
        if (_push is null)
        {
            frame.CopyVerified(DestinationOf(frame).Span);
        }
        else
        {
            var bytes = new byte[frame.Count * PageSize];
            frame.CopyVerified(bytes);
            if (!_push.TryWrite(new PageChunk(Region, frame.FirstPage, frame.Count, PageSize, bytes)))
            {
                throw new PageTransportException(PageTransportError.LimitExceeded, $"the consumer of push {Id} fell more than {PageClientBase.PushBufferChunks} chunks behind");
            }
        }
        Advance(frame.Count);
    }

    /// <summary>Checks the head of the next Pages frame as <see cref="OnPages"/> does and returns where its
    /// page bytes belong, so a reader can read them there directly; empty for a push (its chunks are new arrays).</summary>
    public Memory<byte> PlaceFor(in PagesFrame head)
    {
        if (_push is not null)
        {
            return Memory<byte>.Empty;
        }
        CheckNext(head);
        return DestinationOf(head);
    }

    /// <summary>Accepts a frame whose page bytes were read into the place <see cref="PlaceFor"/> returned.</summary>
    public void OnPlacedPages(in PagesFrame head, ReadOnlySpan<byte> pages)
    {
        head.Verify(pages);
        Advance(head.Count);
    }

    private void CheckNext(in PagesFrame frame)
    {
        if (frame.Region != Region)
        {
            throw Violation($"pages of {frame.Region} arrived for a request on {Region}");
        }
        if (PageSize == 0)
        {
            if (frame.PageSize > _maxPageSize || (_expectedPageSize != 0 && frame.PageSize != _expectedPageSize))
            {
                throw Violation($"page size {frame.PageSize} is not the expected one");
            }
            PageSize = frame.PageSize;
            if (_destination.IsEmpty && _push is null)
            {
                _destination = new byte[checked(TotalPages * PageSize)];
            }
        }
        else if (frame.PageSize != PageSize)
        {
            throw Violation("page size changed within a request");
        }
        if (_rangeIndex >= _ranges.Length)
        {
            throw Violation("more pages arrived than were requested");
        }
        var range = _ranges[_rangeIndex];
        if (frame.FirstPage != range.FirstPage + _rangeOffset || (uint)frame.Count > range.Count - _rangeOffset)
        {
            throw Violation($"pages {frame.FirstPage}+{frame.Count} arrived out of order (expected {range.FirstPage + _rangeOffset})");
        }
    }

    private Memory<byte> DestinationOf(in PagesFrame frame)
        => _destination.Slice(checked((int)(_received * PageSize)), frame.Count * PageSize);

    private void Advance(int count)
    {
        _received += count;
        _rangeOffset += (uint)count;
        if (_rangeOffset == _ranges[_rangeIndex].Count)
        {
            _rangeIndex++;
            _rangeOffset = 0;
        }
        if (IsComplete)
        {
            _push?.TryComplete();
            Completion.TrySetResult(PageSize);
        }
    }

    /// <summary>For a push: waits until its consumer has room for another chunk (backpressure where the
    /// carrier allows waiting, i.e. one QUIC stream per request).</summary>
    public ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
        => _push is null ? ValueTask.CompletedTask : WaitForPushRoomAsync(_push, cancellationToken);

    private static async ValueTask WaitForPushRoomAsync(ChannelWriter<PageChunk> push, CancellationToken cancellationToken)
        => await push.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);

    public void Fail(Exception error)
    {
        _push?.TryComplete(error);
        Completion.TrySetException(error);
    }

    private static PageTransportException Violation(string message) => new(PageTransportError.ProtocolViolation, message);
}
