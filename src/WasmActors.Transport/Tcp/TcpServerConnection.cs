using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using WasmActors.Transport.Protocol;
using WasmActors.Transport.Server;

namespace WasmActors.Transport.Tcp;

/// <summary>One accepted TCP connection: Hello, then multiplexed requests. Fetches are answered in
/// arrival order; pushes run beside them and yield to fetches in progress.</summary>
internal sealed class TcpServerConnection(Socket socket, PageRequestServer requests, PageTransportOptions options, CancellationToken serverStopping)
{
    private readonly ConcurrentDictionary<ulong, CancellationTokenSource> _pushes = new();
    private readonly CancellationTokenSource _closing = CancellationTokenSource.CreateLinkedTokenSource(serverStopping);
    private int _fetching;

    public Socket Socket => socket;

    public async Task RunAsync()
    {
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        SerializedFrameWriter? writer = null;
        try
        {
            int peerMaxFrame;
            FrameReader reader;
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token))
            {
                handshake.CancelAfter(options.ConnectTimeout);
                stream = await TlsAsync(stream, handshake.Token).ConfigureAwait(false);
                writer = new SerializedFrameWriter(stream);
                reader = new FrameReader(stream, options.MaxFrameBytes);
                peerMaxFrame = await HelloAsync(stream, reader, writer, handshake.Token).ConfigureAwait(false);
            }
            using (reader)
            {
                while (await reader.ReadAsync(_closing.Token).ConfigureAwait(false))
                {
                    await DispatchAsync(reader, writer, peerMaxFrame).ConfigureAwait(false);
                }
            }
        }
        catch (PageTransportException e) when (writer is not null && e.Error is PageTransportError.ProtocolViolation or PageTransportError.LimitExceeded or PageTransportError.Unauthenticated)
        {
            await TrySendAsync(writer, OutgoingFrame.Error(0, ErrorMessage.From(e))).ConfigureAwait(false);
        }
        catch (Exception e) when (e is PageTransportException or IOException or OperationCanceledException or ObjectDisposedException or SocketException or AuthenticationException)
        {
            // The peer went away or the server is stopping: nothing to tell anyone.
        }
        finally
        {
            Close();
            await stream.DisposeAsync().ConfigureAwait(false);
            writer?.Dispose();
        }
    }

    /// <summary>Closes the connection; pushes in progress stop.</summary>
    public void Close()
    {
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
        foreach (var push in _pushes.Values)
        {
            push.Cancel();
        }
    }

    private async Task<Stream> TlsAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (!options.TcpUseTls)
        {
            return stream;
        }
        var certificate = options.Certificate ?? throw new InvalidOperationException("a TLS page server needs a certificate");
        var trust = options.Trust;
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate.Certificate,
            EnabledSslProtocols = SslProtocols.Tls13,
            ApplicationProtocols = [new SslApplicationProtocol(ProtocolConstants.Alpn)],
            // With Trust, mutual TLS: the client must present a certificate. It is checked right after the
            // handshake (RefuseUnknownClient) rather than by failing it: a failed TLS 1.3 handshake reaches the
            // client as a bare close, while an Error frame tells it that it was refused.
            ClientCertificateRequired = trust is not null,
            RemoteCertificateValidationCallback = trust is null ? null : (_, _, _, _) => true,
        }, cancellationToken).ConfigureAwait(false);
        return tls;
    }

    /// <summary>With mutual TLS, a client whose certificate is not accepted gets an Unauthenticated error instead
    /// of HelloAck, and the connection closes: no request of it is ever read.</summary>
    private void RefuseUnknownClient(Stream stream)
    {
        if (options.Trust is { } trust && trust.Refusal((stream as SslStream)?.RemoteCertificate as X509Certificate2) is { } why)
        {
            throw new PageTransportException(PageTransportError.Unauthenticated, $"client refused: {why}");
        }
    }

    private async Task<int> HelloAsync(Stream stream, FrameReader reader, SerializedFrameWriter writer, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new PageTransportException(PageTransportError.ConnectionClosed, "closed before Hello");
        }
        if (reader.Header.Type != FrameType.Hello)
        {
            throw new PageTransportException(PageTransportError.ProtocolViolation, $"expected Hello, got {reader.Header.Type}");
        }
        var hello = HelloMessage.Read(reader.Body);
        if (hello.Version != ProtocolConstants.Version)
        {
            throw new PageTransportException(PageTransportError.ProtocolViolation, $"protocol version {hello.Version} is not supported");
        }
        // Refused after its Hello is read, so that closing leaves no unread bytes (which would reset the
        // connection before the client reads why); the client sends nothing more until HelloAck.
        RefuseUnknownClient(stream);
        await writer.WriteAsync(OutgoingFrame.HelloAck(new HelloAckMessage(ProtocolConstants.Version, options.MaxFrameBytes, options.MaxPagesPerRequest)), cancellationToken).ConfigureAwait(false);
        return Math.Min(hello.MaxFrameBytes, options.MaxFrameBytes);
    }

    private async ValueTask DispatchAsync(FrameReader reader, SerializedFrameWriter writer, int peerMaxFrame)
    {
        var id = reader.Header.RequestId;
        switch (reader.Header.Type)
        {
            case FrameType.Fetch:
                var fetch = FetchMessage.Read(reader.Body, options.MaxRangesPerRequest);
                IPageProvider provider;
                try
                {
                    provider = requests.Resolve(fetch);
                }
                catch (PageTransportException e)
                {
                    await writer.WriteAsync(OutgoingFrame.Error(id, ErrorMessage.From(e)), _closing.Token).ConfigureAwait(false);
                    return;
                }
                if (fetch.Mode == FetchMode.Push)
                {
                    StartPush(id, fetch, provider, writer, peerMaxFrame);
                    return;
                }
                Interlocked.Increment(ref _fetching);
                try
                {
                    await ServeAsync(id, fetch, provider, writer, peerMaxFrame, yieldToFetches: false, _closing.Token).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _fetching);
                }
                return;
            case FrameType.Cancel:
                if (_pushes.TryRemove(id, out var cancel))
                {
                    cancel.Cancel();
                }
                return;
            default:
                throw new PageTransportException(PageTransportError.ProtocolViolation, $"unexpected {reader.Header.Type} frame from a client");
        }
    }

    private void StartPush(ulong id, FetchMessage fetch, IPageProvider provider, SerializedFrameWriter writer, int peerMaxFrame)
    {
        if (_pushes.Count >= options.MaxConcurrentRequests)
        {
            throw new PageTransportException(PageTransportError.LimitExceeded, $"more than {options.MaxConcurrentRequests} pushes open");
        }
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        if (!_pushes.TryAdd(id, cts))
        {
            cts.Dispose();
            throw new PageTransportException(PageTransportError.ProtocolViolation, $"request id {id} is already in use");
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await ServeAsync(id, fetch, provider, writer, peerMaxFrame, yieldToFetches: true, cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or PageTransportException)
            {
            }
            finally
            {
                _pushes.TryRemove(id, out _);
                cts.Dispose();
            }
        });
    }

    private async Task ServeAsync(ulong id, FetchMessage fetch, IPageProvider provider, SerializedFrameWriter writer, int peerMaxFrame, bool yieldToFetches, CancellationToken cancellationToken)
    {
        using var frames = PageRequestServer.Frames(id, fetch, provider, peerMaxFrame).GetEnumerator();
        while (true)
        {
            OutgoingFrame frame;
            try
            {
                if (!frames.MoveNext())
                {
                    return;
                }
                frame = frames.Current;
            }
            catch (PageTransportException e)
            {
                await writer.WriteAsync(OutgoingFrame.Error(id, ErrorMessage.From(e)), cancellationToken).ConfigureAwait(false);
                return;
            }
            while (yieldToFetches && Volatile.Read(ref _fetching) > 0 && !cancellationToken.IsCancellationRequested)
            {
                // Prefetch is a hint: let demand fetches go first.
                await Task.Delay(1, CancellationToken.None).ConfigureAwait(false);
            }
            await writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task TrySendAsync(SerializedFrameWriter writer, OutgoingFrame frame)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await writer.WriteAsync(frame, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
