using WasmActors.Transport.Client;
using WasmActors.Transport.Protocol;

namespace WasmActors.Transport.Quic;

/// <summary>The page protocol over QUIC: the first stream carries Hello/HelloAck, then every request
/// gets its own bidirectional stream (Fetch + FIN up, Pages frames + FIN down), so a lost packet
/// delays only the request it belongs to. Cancelling a request aborts its stream.</summary>
internal sealed class QuicPageClient : PageClientBase
{
    private readonly IQuicConnectionHandle _connection;

    private QuicPageClient(IQuicConnectionHandle connection, PageTransportOptions options) : base(options)
    {
        _connection = connection;
    }

    /// <summary>Runs the Hello exchange on an established connection.</summary>
    public static async Task<IPageClient> CreateAsync(IQuicConnectionHandle connection, PageTransportOptions options, CancellationToken cancellationToken)
    {
        try
        {
            IQuicStreamHandle stream;
            using (var hello = OutgoingFrame.Hello(new HelloMessage(ProtocolConstants.Version, options.MaxFrameBytes)))
            {
                stream = await connection.OpenStreamAsync(hello.Memory, completeWrites: true, cancellationToken).ConfigureAwait(false);
            }
            await using var owned = stream;
            using var reader = new FrameReader(stream.Stream, options.MaxFrameBytes);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new PageTransportException(PageTransportError.ConnectFailed, "the server closed the Hello stream");
            }
            if (reader.Header.Type == FrameType.Error)
            {
                throw ErrorMessage.Read(reader.Body).ToException();
            }
            if (reader.Header.Type != FrameType.HelloAck || HelloAckMessage.Read(reader.Body).Version != ProtocolConstants.Version)
            {
                throw new PageTransportException(PageTransportError.ProtocolViolation, $"expected a version {ProtocolConstants.Version} HelloAck");
            }
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false); // the server's FIN
            return new QuicPageClient(connection, options);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw connection.CloseError ?? new PageTransportException(PageTransportError.ConnectFailed, e.Message, e);
        }
        finally
        {
            await IoThread.LeaveAsync(); // the caller goes on from here
        }
    }

    protected override async Task ExchangeAsync(PendingRequest request, CancellationToken cancellationToken)
    {
        IQuicStreamHandle? stream = null;
        try
        {
            using (var fetch = OutgoingFrame.Fetch(request.Id, request.Message))
            {
                stream = await _connection.OpenStreamAsync(fetch.Memory, completeWrites: true, cancellationToken).ConfigureAwait(false);
            }
            using var abort = cancellationToken.Register(static s => ((IQuicStreamHandle)s!).Abort(), stream);
            using var reader = new FrameReader(stream.Stream, Options.MaxFrameBytes);
            // Page bytes go straight from the stream into the request's destination: the stream is this
            // request's alone and reading it is what cancellation stops, so nothing is written there after
            // the caller has been told the request ended.
            PagesPlacement place = (in FrameHeader header, in PagesFrame head) => header.RequestId == request.Id ? request.PlaceFor(head) : Memory<byte>.Empty;
            while (await reader.ReadAsync(place, cancellationToken).ConfigureAwait(false))
            {
                if (reader.Placed.IsEmpty)
                {
                    Dispatch(request, reader.Header, reader.Body);
                }
                else
                {
                    request.OnPlacedPages(PagesFrame.ReadHead(reader.Body, reader.Header.BodyLength), reader.Placed.Span);
                }
                await request.WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
            }
            if (!request.IsComplete)
            {
                throw new PageTransportException(PageTransportError.ProtocolViolation, $"request {request.Id} ended after {request.PageSize} of its pages");
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw _connection.CloseError ?? new PageTransportException(PageTransportError.ConnectionClosed, e.Message, e);
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            await IoThread.LeaveAsync(); // the caller goes on from here
        }
    }

    private static void Dispatch(PendingRequest request, FrameHeader header, ReadOnlySpan<byte> body)
    {
        if (header.Type == FrameType.Error && header.RequestId == 0)
        {
            throw ErrorMessage.Read(body).ToException(); // the server is closing the connection and says why
        }
        if (header.RequestId != request.Id)
        {
            throw new PageTransportException(PageTransportError.ProtocolViolation, $"frame for request {header.RequestId} on the stream of request {request.Id}");
        }
        switch (header.Type)
        {
            case FrameType.Pages:
                request.OnPages(PagesFrame.Read(body));
                return;
            case FrameType.Error:
                throw ErrorMessage.Read(body).ToException();
            default:
                throw new PageTransportException(PageTransportError.ProtocolViolation, $"unexpected {header.Type} frame from a server");
        }
    }

    public override async ValueTask DisposeAsync()
    {
        _connection.Close();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
