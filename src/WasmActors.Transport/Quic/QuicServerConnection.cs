using WasmActors.Transport.Protocol;
using WasmActors.Transport.Server;

namespace WasmActors.Transport.Quic;

/// <summary>Serves one QUIC connection: the Hello stream first, then one request per stream. A
/// protocol violation on any stream closes the whole connection.</summary>
internal sealed class QuicServerConnection(IQuicConnectionHandle connection, PageRequestServer requests, PageTransportOptions options, CancellationToken serverStopping) : IInlineRequestServer
{
    /// <summary>Requests answering with at most this many page bytes may be served inline on the I/O thread.</summary>
    private const long InlineLimitBytes = 1024 * 1024;

    private int _peerMaxFrame;
    public async Task RunAsync()
    {
        try
        {
            int peerMaxFrame;
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(serverStopping))
            {
                handshake.CancelAfter(options.ConnectTimeout);
                var hello = await connection.AcceptStreamAsync(handshake.Token).ConfigureAwait(false);
                if (hello is null)
                {
                    return;
                }
                await using (hello.ConfigureAwait(false))
                {
                    peerMaxFrame = await HelloAsync(hello, handshake.Token).ConfigureAwait(false);
                }
            }
            _peerMaxFrame = peerMaxFrame;
            (connection as ISupportsInlineRequests)?.EnableInlineRequests(this);
            while (await connection.AcceptStreamAsync(serverStopping).ConfigureAwait(false) is { } stream)
            {
                _ = ServeStreamAsync(stream, peerMaxFrame);
            }
        }
        catch (Exception e) when (e is PageTransportException or IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            connection.Close();
        }
    }

    /// <summary>The inline fast path: a whole, valid, small Fetch is answered synchronously. Anything
    /// unusual (malformed, large) returns false and takes the ordinary path, which reports it.</summary>
    public bool TryServe(ReadOnlySpan<byte> request, IInlineResponseSink sink)
    {
        if (request.Length < ProtocolConstants.HeaderBytes)
        {
            return false;
        }
        FetchMessage fetch;
        FrameHeader header;
        try
        {
            header = FrameHeader.Read(request, options.MaxFrameBytes);
            if (header.Type != FrameType.Fetch || request.Length != ProtocolConstants.HeaderBytes + header.BodyLength)
            {
                return false;
            }
            fetch = FetchMessage.Read(request[ProtocolConstants.HeaderBytes..], options.MaxRangesPerRequest);
        }
        catch (PageTransportException)
        {
            return false;
        }
        IPageProvider provider;
        try
        {
            provider = requests.Resolve(fetch);
        }
        catch (PageTransportException e)
        {
            using var error = OutgoingFrame.Error(header.RequestId, ErrorMessage.From(e));
            sink.Write(error.Memory.Span, fin: true);
            return true;
        }
        if (PageRange.TotalPages(fetch.Ranges) * provider.PageSize > InlineLimitBytes)
        {
            return false;
        }
        OutgoingFrame? held = null;
        try
        {
            foreach (var frame in PageRequestServer.Frames(header.RequestId, fetch, provider, _peerMaxFrame))
            {
                if (held is not null)
                {
                    sink.Write(held.Memory.Span, fin: false);
                    held.Dispose();
                }
                held = frame;
            }
            if (held is not null)
            {
                sink.Write(held.Memory.Span, fin: true);
            }
        }
        catch (PageTransportException e)
        {
            if (held is not null)
            {
                sink.Write(held.Memory.Span, fin: false);
            }
            using var error = OutgoingFrame.Error(header.RequestId, ErrorMessage.From(e));
            sink.Write(error.Memory.Span, fin: true);
        }
        finally
        {
            held?.Dispose();
        }
        return true;
    }

    private async Task<int> HelloAsync(IQuicStreamHandle stream, CancellationToken cancellationToken)
    {
        using var reader = new FrameReader(stream.Stream, options.MaxFrameBytes);
        try
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.Header.Type != FrameType.Hello)
            {
                throw new PageTransportException(PageTransportError.ProtocolViolation, "the first stream must carry Hello");
            }
            var hello = HelloMessage.Read(reader.Body);
            if (hello.Version != ProtocolConstants.Version)
            {
                throw new PageTransportException(PageTransportError.ProtocolViolation, $"protocol version {hello.Version} is not supported");
            }
            await WriteAsync(stream, OutgoingFrame.HelloAck(new HelloAckMessage(ProtocolConstants.Version, options.MaxFrameBytes, options.MaxPagesPerRequest)), last: true, cancellationToken).ConfigureAwait(false);
            await ExpectEndAsync(reader, cancellationToken).ConfigureAwait(false);
            return Math.Min(hello.MaxFrameBytes, options.MaxFrameBytes);
        }
        catch (PageTransportException e) when (e.Error is PageTransportError.ProtocolViolation or PageTransportError.LimitExceeded or PageTransportError.Unauthenticated)
        {
            await RefuseAsync(stream, e).ConfigureAwait(false);
            throw;
        }
    }

    private async Task ServeStreamAsync(IQuicStreamHandle stream, int peerMaxFrame)
    {
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                using var reader = new FrameReader(stream.Stream, options.MaxFrameBytes);
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(serverStopping);
                deadline.CancelAfter(options.RequestTimeout);
                if (!await reader.ReadAsync(deadline.Token).ConfigureAwait(false) || reader.Header.Type != FrameType.Fetch)
                {
                    throw new PageTransportException(PageTransportError.ProtocolViolation, "a request stream must start with Fetch");
                }
                var id = reader.Header.RequestId;
                var fetch = FetchMessage.Read(reader.Body, options.MaxRangesPerRequest);
                await ExpectEndAsync(reader, deadline.Token).ConfigureAwait(false);
                IPageProvider provider;
                try
                {
                    provider = requests.Resolve(fetch);
                }
                catch (PageTransportException e)
                {
                    await WriteAsync(stream, OutgoingFrame.Error(id, ErrorMessage.From(e)), last: true, deadline.Token).ConfigureAwait(false);
                    return;
                }
                await ServeAsync(stream, id, fetch, provider, peerMaxFrame, deadline.Token).ConfigureAwait(false);
            }
            catch (PageTransportException e) when (e.Error is PageTransportError.ProtocolViolation or PageTransportError.LimitExceeded)
            {
                await RefuseAsync(stream, e).ConfigureAwait(false);
                connection.Close();
            }
            catch (Exception e) when (e is PageTransportException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                stream.Abort(); // cancelled by the client, timed out, or the connection is gone
            }
        }
    }

    /// <summary>Writes the Pages frames, one behind, so the last one carries FIN in the same packet.</summary>
    private static async Task ServeAsync(IQuicStreamHandle stream, ulong id, FetchMessage fetch, IPageProvider provider, int peerMaxFrame, CancellationToken cancellationToken)
    {
        using var frames = PageRequestServer.Frames(id, fetch, provider, peerMaxFrame).GetEnumerator();
        OutgoingFrame? held = null;
        try
        {
            while (true)
            {
                OutgoingFrame? next;
                try
                {
                    next = frames.MoveNext() ? frames.Current : null;
                }
                catch (PageTransportException e)
                {
                    if (held is not null)
                    {
                        await WriteAsync(stream, held, last: false, cancellationToken).ConfigureAwait(false);
                        held = null;
                    }
                    await WriteAsync(stream, OutgoingFrame.Error(id, ErrorMessage.From(e)), last: true, cancellationToken).ConfigureAwait(false);
                    return;
                }
                if (held is not null)
                {
                    var sending = held;
                    held = null;
                    await WriteAsync(stream, sending, last: next is null, cancellationToken).ConfigureAwait(false);
                }
                if (next is null)
                {
                    return;
                }
                held = next;
            }
        }
        finally
        {
            held?.Dispose();
        }
    }

    /// <summary>A request stream carries exactly one frame; anything after it is a violation.</summary>
    private static async Task ExpectEndAsync(FrameReader reader, CancellationToken cancellationToken)
    {
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new PageTransportException(PageTransportError.ProtocolViolation, $"unexpected {reader.Header.Type} frame after the request");
        }
    }

    private static async Task WriteAsync(IQuicStreamHandle stream, OutgoingFrame frame, bool last, CancellationToken cancellationToken)
    {
        using (frame)
        {
            await stream.WriteAsync(frame.Memory, last, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task RefuseAsync(IQuicStreamHandle stream, PageTransportException reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await WriteAsync(stream, OutgoingFrame.Error(0, ErrorMessage.From(reason)), last: true, timeout.Token).ConfigureAwait(false);
            await Task.Delay(50, CancellationToken.None).ConfigureAwait(false); // let the Error frame leave before the close
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
