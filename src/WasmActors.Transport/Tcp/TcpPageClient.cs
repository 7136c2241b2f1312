using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using WasmActors.Transport.Client;
using WasmActors.Transport.Protocol;

namespace WasmActors.Transport.Tcp;

/// <summary>A TCP (optionally TLS) connection with many requests in flight, told apart by request id.</summary>
internal sealed class TcpPageClient : PageClientBase
{
    private readonly Stream _stream;
    private readonly SerializedFrameWriter _writer;
    private readonly FrameReader _reader;
    private readonly ConcurrentDictionary<ulong, PendingRequest> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _readLoop;
    private volatile PageTransportException? _failure;
    private PendingRequest? _placing; // read loop only: the request whose destination the current frame is read into

    private TcpPageClient(Stream stream, FrameReader reader, PageTransportOptions options) : base(options)
    {
        _stream = stream;
        _reader = reader;
        _writer = new SerializedFrameWriter(stream);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    public static async Task<IPageClient> ConnectAsync(IPEndPoint server, PageTransportOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        TcpSocketSetup.Configure(socket, options);
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(server, connect.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (options.TcpUseTls)
            {
                stream = await AuthenticateAsync(stream, options, connect.Token).ConfigureAwait(false);
            }
            await stream.WriteAsync(OutgoingFrame.Hello(new HelloMessage(ProtocolConstants.Version, options.MaxFrameBytes)).Memory, connect.Token).ConfigureAwait(false);
            var reader = new FrameReader(stream, options.MaxFrameBytes);
            await ReadHelloAckAsync(reader, connect.Token).ConfigureAwait(false);
            return new TcpPageClient(stream, reader, options);
        }
        catch (Exception e)
        {
            if (stream is null)
            {
                socket.Dispose();
            }
            else
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            if (e is OperationCanceledException)
            {
                throw new PageTransportException(PageTransportError.ConnectFailed, $"no connection to {server} within {options.ConnectTimeout}", e);
            }
            var mapped = TransportErrors.ToTransportException(e, $"connecting to {server}");
            throw mapped.Error == PageTransportError.ConnectionClosed ? new PageTransportException(PageTransportError.ConnectFailed, mapped.Message, e) : mapped;
        }
    }

    private static async Task<Stream> AuthenticateAsync(Stream stream, PageTransportOptions options, CancellationToken cancellationToken)
    {
        var trust = options.Trust ?? throw new ArgumentException("a TLS page client needs PageTransportOptions.Trust");
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "wasmactors-node",
            EnabledSslProtocols = SslProtocols.Tls13,
            ApplicationProtocols = [new SslApplicationProtocol(ProtocolConstants.Alpn)],
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is System.Security.Cryptography.X509Certificates.X509Certificate2 peer && trust.Accepts(peer),
            // Presented when the server asks (mutual TLS); the context sends it whatever issuers the server names.
            ClientCertificateContext = options.Certificate is { } own ? SslStreamCertificateContext.Create(own.Certificate, null, offline: true) : null,
        }, cancellationToken).ConfigureAwait(false);
        return tls;
    }

    private static async Task ReadHelloAckAsync(FrameReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new PageTransportException(PageTransportError.ConnectFailed, "server closed the connection during Hello");
        }
        if (reader.Header.Type == FrameType.Error)
        {
            throw ErrorMessage.Read(reader.Body).ToException();
        }
        if (reader.Header.Type != FrameType.HelloAck)
        {
            throw new PageTransportException(PageTransportError.ProtocolViolation, $"expected HelloAck, got {reader.Header.Type}");
        }
        var ack = HelloAckMessage.Read(reader.Body);
        if (ack.Version != ProtocolConstants.Version)
        {
            throw new PageTransportException(PageTransportError.ProtocolViolation, $"server speaks protocol version {ack.Version}");
        }
    }

    protected override async Task ExchangeAsync(PendingRequest request, CancellationToken cancellationToken)
    {
        if (_failure is { } failed)
        {
            throw new PageTransportException(failed.Error, failed.Message, failed);
        }
        _pending[request.Id] = request;
        try
        {
            if (_failure is { } failedNow)
            {
                throw new PageTransportException(failedNow.Error, failedNow.Message, failedNow);
            }
            await _writer.WriteAsync(OutgoingFrame.Fetch(request.Id, request.Message), cancellationToken).ConfigureAwait(false);
            await request.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await StopPlacementAsync(request).ConfigureAwait(false);
            if (_failure is null)
            {
                _ = _writer.WriteAsync(OutgoingFrame.Cancel(request.Id), _closing.Token).AsTask().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            }
            throw;
        }
        catch (IOException e)
        {
            await StopPlacementAsync(request).ConfigureAwait(false);
            throw TransportErrors.ToTransportException(e, "sending a request");
        }
        finally
        {
            _pending.TryRemove(request.Id, out _);
        }
    }

    /// <summary>Before a caller that gave up gets its buffer back, waits until the read loop is no longer
    /// reading a frame into it. A frame that stalls half-way (the server stopped sending but the connection
    /// lives) would hold the caller indefinitely, so after the idle timeout the connection is closed, which
    /// ends that read at once.</summary>
    private async Task StopPlacementAsync(PendingRequest request)
    {
        var ended = request.AbandonAsync();
        if (ended.IsCompleted)
        {
            return;
        }
        if (await Task.WhenAny(ended, Task.Delay(Options.IdleTimeout)).ConfigureAwait(false) != ended)
        {
            await CloseStreamAsync().ConfigureAwait(false);
        }
        await ended.ConfigureAwait(false);
    }

    private async Task ReadLoopAsync()
    {
        PageTransportException failure;
        try
        {
            while (await _reader.ReadAsync(Place, _closing.Token).ConfigureAwait(false))
            {
                if (_reader.Placed.IsEmpty)
                {
                    Dispatch(_reader.Header, _reader.Body);
                }
                else
                {
                    OnPlacedPages(_reader.Header, _reader.Body, _reader.Placed.Span);
                }
                EndPlacement();
            }
            failure = new PageTransportException(PageTransportError.ConnectionClosed, "the server closed the connection");
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            failure = new PageTransportException(PageTransportError.ConnectionClosed, "the client was closed");
        }
        catch (Exception e)
        {
            failure = TransportErrors.ToTransportException(e, "reading from the page server");
        }
        EndPlacement(); // a read into a caller's buffer ended with the connection
        _failure = failure;
        foreach (var request in _pending.Values)
        {
            request.Fail(failure);
        }
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Read loop: page bytes go straight into the request's destination. The shared read loop goes on
    /// after a caller gives up, so a caller's own buffer is claimed for the read (<see cref="PendingRequest.TryBeginPlacement"/>)
    /// and a caller that gives up waits for the claim to end before it gets its buffer back.</summary>
    private Memory<byte> Place(in FrameHeader header, in PagesFrame head)
    {
        if (!_pending.TryGetValue(header.RequestId, out var request) || (!request.OwnsDestination && !request.TryBeginPlacement()))
        {
            return Memory<byte>.Empty;
        }
        _placing = request;
        try
        {
            return request.PlaceFor(head);
        }
        catch (PageTransportException)
        {
            return Memory<byte>.Empty; // Dispatch meets the same problem and fails the request
        }
    }

    /// <summary>Read loop: the frame read under a claim is over (placed, declined, or failed).</summary>
    private void EndPlacement()
    {
        _placing?.EndPlacement();
        _placing = null;
    }

    private void OnPlacedPages(FrameHeader header, ReadOnlySpan<byte> head, ReadOnlySpan<byte> pages)
    {
        if (!_pending.TryGetValue(header.RequestId, out var request))
        {
            return; // given up while its pages were arriving
        }
        try
        {
            request.OnPlacedPages(PagesFrame.ReadHead(head, header.BodyLength), pages);
        }
        catch (PageTransportException e)
        {
            _pending.TryRemove(header.RequestId, out _);
            request.Fail(e);
        }
    }

    private void Dispatch(FrameHeader header, ReadOnlySpan<byte> body)
    {
        switch (header.Type)
        {
            case FrameType.Pages:
                var frame = PagesFrame.Read(body);
                if (_pending.TryGetValue(header.RequestId, out var request))
                {
                    try
                    {
                        request.OnPages(frame);
                    }
                    catch (PageTransportException e)
                    {
                        _pending.TryRemove(header.RequestId, out _);
                        request.Fail(e);
                    }
                }
                else if (header.RequestId == 0 || header.RequestId > LastIssuedId)
                {
                    throw new PageTransportException(PageTransportError.ProtocolViolation, $"pages for request {header.RequestId}, which was never sent");
                }
                return;
            case FrameType.Error:
                var error = ErrorMessage.Read(body);
                if (header.RequestId == 0)
                {
                    throw error.ToException();
                }
                if (_pending.TryRemove(header.RequestId, out var failed))
                {
                    failed.Fail(error.ToException());
                }
                return;
            default:
                throw new PageTransportException(PageTransportError.ProtocolViolation, $"unexpected {header.Type} frame from a server");
        }
    }

    /// <summary>Closes the connection under the read loop, which then fails every open request.</summary>
    private async Task CloseStreamAsync()
    {
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    public override async ValueTask DisposeAsync()
    {
        _closing.Cancel();
        await CloseStreamAsync().ConfigureAwait(false);
        await _readLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _reader.Dispose();
        _writer.Dispose();
    }
}
