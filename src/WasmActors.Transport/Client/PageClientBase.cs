using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace WasmActors.Transport.Client;

/// <summary>The request bookkeeping every backend shares: ids, the concurrency bound, the request
/// deadline and the push channel. A backend only moves one request's frames.</summary>
internal abstract class PageClientBase(PageTransportOptions options) : IPageClient
{
    /// <summary>Verified chunks a push may hold for its consumer (each at most one frame).</summary>
    internal const int PushBufferChunks = 256;

    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentRequests, options.MaxConcurrentRequests);
    private long _lastId;

    protected PageTransportOptions Options => options;

    /// <summary>The highest request id handed out so far; frames for larger ids are a protocol violation.</summary>
    protected ulong LastIssuedId => (ulong)Interlocked.Read(ref _lastId);

    public async Task<int> FetchAsync(RegionKey region, IReadOnlyList<PageRange> ranges, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        var request = PendingRequest.Create(NextId(), region, ranges, options, destination, allocate: false, push: null);
        await RunAsync(request, cancellationToken).ConfigureAwait(false);
        return request.PageSize;
    }

    public async Task<PageFetchResult> FetchAsync(RegionKey region, IReadOnlyList<PageRange> ranges, CancellationToken cancellationToken = default)
    {
        var request = PendingRequest.Create(NextId(), region, ranges, options, Memory<byte>.Empty, allocate: true, push: null);
        await RunAsync(request, cancellationToken).ConfigureAwait(false);
        return new PageFetchResult(region, request.PageSize, request.TotalPages, request.Data);
    }

    public async IAsyncEnumerable<PageChunk> PushAsync(RegionKey region, IReadOnlyList<PageRange> ranges, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Bounded: over QUIC a slow consumer holds back its stream (flow control); over TCP, where the
        // connection is shared, a consumer more than this many chunks behind fails its push instead.
        var channel = Channel.CreateBounded<PageChunk>(new BoundedChannelOptions(PushBufferChunks) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        var request = PendingRequest.Create(NextId(), region, ranges, options, Memory<byte>.Empty, allocate: false, push: channel.Writer);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = RunAsync(request, stop.Token);
        _ = run.ContinueWith(t => channel.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
        try
        {
            await foreach (var chunk in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return chunk;
            }
            await run.ConfigureAwait(false);
        }
        finally
        {
            if (!run.IsCompleted)
            {
                stop.Cancel();
                await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private ulong NextId() => (ulong)Interlocked.Increment(ref _lastId);

    private async Task RunAsync(PendingRequest request, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.RequestTimeout);
            try
            {
                await ExchangeAsync(request, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                var timeout = new PageTransportException(PageTransportError.Timeout, $"request {request.Id} on {request.Region} got no complete answer within {options.RequestTimeout}", e);
                request.Fail(timeout);
                throw timeout;
            }
            catch (Exception e)
            {
                request.Fail(e);
                throw;
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Sends the request and completes <see cref="PendingRequest.Completion"/> (or throws);
    /// on cancellation it must tell the server to stop.</summary>
    protected abstract Task ExchangeAsync(PendingRequest request, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
