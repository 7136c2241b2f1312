using System.Buffers;
using System.Net;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using WasmActors.Transport.Quic;

namespace WasmActors.Transport.Ngtcp2;

/// <summary>One ngtcp2 connection. Native state is touched only on the endpoint's loop thread; other
/// threads post commands. Streams surface as <see cref="NgQuicStream"/>.</summary>
internal sealed class NgQuicConnection : IQuicConnectionHandle, ISupportsInlineRequests, IInlineResponseSink
{
    /// <summary>A writer waits while more than this is queued on its stream but not yet acknowledged.</summary>
    private const ulong MaxUnackedPerStream = 4 * 1024 * 1024;

    private readonly NgQuicEndpoint _endpoint;
    private readonly Dictionary<long, NgQuicStream> _streams = [];
    private readonly Queue<PendingOpen> _openWaiters = new();
    private readonly List<NgQuicStream> _unpublished = [];
    private readonly HashSet<long> _fresh = [];
    private IInlineRequestServer? _inline;
    private long _inlineStreamId;
    private readonly List<(NgQuicStream Stream, TaskCompletionSource Done)> _writeWaiters = [];
    private readonly Channel<IQuicStreamHandle> _accepted = Channel.CreateUnbounded<IQuicStreamHandle>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IntPtr _native;
    private volatile PageTransportException? _closeError;

    private readonly QuicShim.Address _remote;

    public NgQuicConnection(NgQuicEndpoint endpoint, IntPtr native, IPEndPoint remoteEndPoint)
    {
        _endpoint = endpoint;
        _native = native;
        _remote = QuicShim.ToAddress(remoteEndPoint);
        RemoteEndPoint = remoteEndPoint;
        Key = PeerKey.From(_remote);
    }

    public IPEndPoint RemoteEndPoint { get; }

    public PeerKey Key { get; }

    public Task Handshake => _handshake.Task;

    public PageTransportException? CloseError => _closeError;

    public bool IsTerminated => _native == IntPtr.Zero;

    // ---- called from any thread ----

    public ValueTask<IQuicStreamHandle> OpenStreamAsync(ReadOnlyMemory<byte> firstWrite, bool completeWrites, CancellationToken cancellationToken)
    {
        // The first bytes are small (a request frame); a copy lets a cancelled open drop them safely.
        var open = new PendingOpen(new TaskCompletionSource<IQuicStreamHandle>(TaskCreationOptions.RunContinuationsAsynchronously), firstWrite.ToArray(), completeWrites);
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => open.Opened.TrySetCanceled(cancellationToken));
            _ = open.Opened.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }
        _endpoint.Post(() => TryOpen(open));
        return new ValueTask<IQuicStreamHandle>(open.Opened.Task);
    }

    private sealed record PendingOpen(TaskCompletionSource<IQuicStreamHandle> Opened, byte[] FirstWrite, bool CompleteWrites);

    public async ValueTask<IQuicStreamHandle?> AcceptStreamAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _accepted.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Queues bytes on a stream. The pinned buffer is copied by the shim on the loop thread, so
    /// this first waits for that copy (never cancelled: the loop always runs it promptly), then waits,
    /// cancellably, until the stream's unacknowledged backlog is small enough.</summary>
    public async Task SendAsync(NgQuicStream stream, MemoryHandle data, int length, bool fin, CancellationToken cancellationToken)
    {
        var copied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pointer = AddressOf(data);
        _endpoint.Post(() =>
        {
            if (_native == IntPtr.Zero)
            {
                copied.TrySetException(ClosedException());
                return;
            }
            var rv = Send(stream.Id, pointer, length, fin);
            if (rv != 0)
            {
                copied.TrySetException(new IOException($"QUIC stream {stream.Id} no longer accepts data ({rv})"));
                return;
            }
            copied.TrySetResult();
            if (QuicShim.StreamUnacked(_native, stream.Id) <= MaxUnackedPerStream)
            {
                drained.TrySetResult();
            }
            else
            {
                _writeWaiters.Add((stream, drained));
            }
        });
        await copied.Task.ConfigureAwait(false);
        await drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static unsafe IntPtr AddressOf(MemoryHandle handle) => (IntPtr)handle.Pointer;

    private unsafe int Send(long streamId, IntPtr data, int length, bool fin)
        => QuicShim.StreamSend(_native, streamId, (byte*)data, (nuint)length, fin ? 1 : 0);

    public void EnableInlineRequests(IInlineRequestServer server) => _endpoint.Post(() => _inline = server);

    /// <summary>Loop thread, during <see cref="IInlineRequestServer.TryServe"/>: queue bytes on the stream being answered.</summary>
    unsafe void IInlineResponseSink.Write(ReadOnlySpan<byte> data, bool fin)
    {
        fixed (byte* p = data)
        {
            QuicShim.StreamSend(_native, _inlineStreamId, p, (nuint)data.Length, fin ? 1 : 0);
        }
    }

    /// <summary>Loop thread: the first bytes of a peer-opened stream. A whole small request is answered
    /// right here; anything else goes to the accept queue.</summary>
    private bool TryServeInline(NgQuicStream stream, ReadOnlySpan<byte> data, bool fin)
    {
        if (!fin || _inline is null)
        {
            return false;
        }
        _inlineStreamId = stream.Id;
        if (!_inline.TryServe(data, this))
        {
            return false;
        }
        stream.CompleteInline();
        ConsumeNow(stream.Id, data.Length);
        return true;
    }

    public void PostFin(NgQuicStream stream) => _endpoint.Post(() =>
    {
        if (_native != IntPtr.Zero)
        {
            Send(stream.Id, IntPtr.Zero, 0, fin: true);
        }
    });

    public void PostShutdown(NgQuicStream stream) => _endpoint.Post(() =>
    {
        if (_native != IntPtr.Zero)
        {
            QuicShim.StreamShutdown(_native, stream.Id, 1);
        }
        stream.OnTerminated(new IOException($"QUIC stream {stream.Id} was aborted"));
    });

    public void PostConsumed(long streamId, long count) => _endpoint.Post(() => ConsumeNow(streamId, count));

    /// <summary>Loop thread only.</summary>
    public void ConsumeNow(long streamId, long count)
    {
        if (_native != IntPtr.Zero && count > 0)
        {
            QuicShim.StreamConsumed(_native, streamId, (ulong)count);
        }
    }

    public void Close() => _endpoint.Post(() => CloseNow(new PageTransportException(PageTransportError.ConnectionClosed, "the connection was closed locally")));

    public async ValueTask DisposeAsync()
    {
        Close();
        await Task.Yield();
    }

    // ---- loop thread ----

    private Exception ClosedException() => _closeError ?? new PageTransportException(PageTransportError.ConnectionClosed, "the QUIC connection is closed");

    private unsafe void TryOpen(PendingOpen open)
    {
        var opened = open.Opened;
        if (opened.Task.IsCompleted)
        {
            return;
        }
        if (_native == IntPtr.Zero)
        {
            opened.TrySetException(ClosedException());
            return;
        }
        var rv = QuicShim.StreamOpen(_native, out var id);
        if (rv == QuicShim.ErrStreamIdBlocked)
        {
            _openWaiters.Enqueue(open); // retried when the peer raises the limit (a stream of ours closed)
            return;
        }
        if (rv != 0)
        {
            // A connection the peer has just closed (e.g. refusing our certificate) says why, not only that it is closed.
            opened.TrySetException(QuicShim.CloseReason(_native) != 0
                ? CloseErrorFromNative()
                : new PageTransportException(PageTransportError.ConnectionClosed, $"cannot open a QUIC stream ({rv})"));
            return;
        }
        var stream = new NgQuicStream(this, id);
        _streams[id] = stream;
        fixed (byte* data = open.FirstWrite)
        {
            QuicShim.StreamSend(_native, id, data, (nuint)open.FirstWrite.Length, open.CompleteWrites ? 1 : 0);
        }
        if (open.CompleteWrites)
        {
            stream.MarkWritesCompleted();
        }
        if (!opened.TrySetResult(stream))
        {
            stream.Dispose();
        }
    }

    public unsafe void OnDatagram(ReadOnlySpan<byte> datagram, ulong now)
    {
        if (_native == IntPtr.Zero)
        {
            return;
        }
        fixed (byte* p = datagram)
        {
            QuicShim.Read(_native, p, (nuint)datagram.Length, now);
        }
        DrainEvents();
    }

    public ulong Expiry => _native == IntPtr.Zero ? ulong.MaxValue : QuicShim.Expiry(_native);

    public void OnExpiry(ulong now)
    {
        if (_native != IntPtr.Zero)
        {
            QuicShim.HandleExpiry(_native, now);
            DrainEvents();
        }
    }

    /// <summary>Writes every datagram the connection has to send (bounded per call so reads are not starved).</summary>
    public unsafe void Flush(byte[] buffer, ulong now)
    {
        foreach (var stream in _unpublished)
        {
            stream.PublishReceived();
        }
        _unpublished.Clear();
        if (_native == IntPtr.Zero)
        {
            return;
        }
        fixed (byte* p = buffer)
        {
            // Up to 64 packets per send (GSO), bounded per call so received datagrams are not starved.
            for (var i = 0; i < 32; i++)
            {
                var n = QuicShim.WriteBurst(_native, p, (nuint)buffer.Length, (nuint)_endpoint.MaxSegments, now, out var segment);
                if (n <= 0)
                {
                    break;
                }
                _endpoint.Send(p, (int)n, (int)segment, _remote);
            }
        }
        ReleaseWriters();
        if (QuicShim.IsClosed(_native) != 0)
        {
            Terminate(CloseErrorFromNative());
        }
    }

    private void ReleaseWriters()
    {
        for (var i = _writeWaiters.Count - 1; i >= 0; i--)
        {
            var (stream, done) = _writeWaiters[i];
            if (QuicShim.StreamUnacked(_native, stream.Id) <= MaxUnackedPerStream)
            {
                done.TrySetResult();
                _writeWaiters.RemoveAt(i);
            }
        }
    }

    private unsafe void DrainEvents()
    {
        while (QuicShim.NextEvent(_native, out var e) != 0)
        {
            switch (e.Type)
            {
                case QuicShim.EventHandshakeDone:
                    _handshake.TrySetResult();
                    break;
                case QuicShim.EventStreamOpen:
                    var accepted = new NgQuicStream(this, e.StreamId);
                    _streams[e.StreamId] = accepted;
                    if (_inline is null)
                    {
                        _accepted.Writer.TryWrite(accepted);
                    }
                    else
                    {
                        _fresh.Add(e.StreamId); // decided when its first bytes arrive
                    }
                    break;
                case QuicShim.EventStreamData:
                    var data = new ReadOnlySpan<byte>(e.Data, checked((int)e.DataLength));
                    if (_streams.TryGetValue(e.StreamId, out var stream))
                    {
                        if (_fresh.Remove(e.StreamId))
                        {
                            if (TryServeInline(stream, data, e.Fin != 0))
                            {
                                break;
                            }
                            _accepted.Writer.TryWrite(stream);
                        }
                        if (stream.OnData(data, e.Fin != 0))
                        {
                            _unpublished.Add(stream);
                        }
                    }
                    else
                    {
                        ConsumeNow(e.StreamId, data.Length);
                    }
                    break;
                case QuicShim.EventStreamReset:
                case QuicShim.EventStopSending:
                    if (_fresh.Remove(e.StreamId) && _streams.TryGetValue(e.StreamId, out var unseen))
                    {
                        _accepted.Writer.TryWrite(unseen);
                    }
                    if (_streams.TryGetValue(e.StreamId, out var reset))
                    {
                        reset.OnTerminated(new IOException($"the peer aborted QUIC stream {e.StreamId} (code {e.AppErrorCode})"));
                        FailWriters(reset);
                    }
                    break;
                case QuicShim.EventStreamClose:
                    _fresh.Remove(e.StreamId);
                    if (_streams.Remove(e.StreamId, out var closed))
                    {
                        if (e.AppErrorCode != 0)
                        {
                            closed.OnTerminated(new IOException($"QUIC stream {e.StreamId} closed with code {e.AppErrorCode}"));
                        }
                        else
                        {
                            closed.OnTerminated(null);
                        }
                        FailWriters(closed);
                    }
                    break;
                case QuicShim.EventStreamsAvailable:
                    var waiting = _openWaiters.Count;
                    for (var i = 0; i < waiting; i++)
                    {
                        TryOpen(_openWaiters.Dequeue());
                    }
                    break;
            }
        }
    }

    private void FailWriters(NgQuicStream stream)
    {
        for (var i = _writeWaiters.Count - 1; i >= 0; i--)
        {
            if (_writeWaiters[i].Stream == stream)
            {
                _writeWaiters[i].Done.TrySetResult(); // nothing left to wait for; a later write reports the failure
                _writeWaiters.RemoveAt(i);
            }
        }
    }

    private PageTransportException CloseErrorFromNative()
    {
        var message = Marshal.PtrToStringUTF8(QuicShim.CloseMessage(_native)) ?? "";
        var error = QuicShim.CloseReason(_native) switch
        {
            QuicShim.CloseIdle => PageTransportError.Timeout,
            QuicShim.CloseHandshakeTimeout => PageTransportError.ConnectFailed,
            QuicShim.CloseCertificateRejected => PageTransportError.CertificateRejected,
            QuicShim.CloseTls => PageTransportError.CertificateRejected,
            QuicShim.CloseRefused => PageTransportError.Unauthenticated,
            QuicShim.CloseProtocol => PageTransportError.ProtocolViolation,
            _ => PageTransportError.ConnectionClosed,
        };
        return new PageTransportException(error, $"QUIC connection to {RemoteEndPoint}: {message}");
    }

    /// <summary>Closes with CONNECTION_CLOSE (when still possible) and releases everything.</summary>
    public unsafe void CloseNow(PageTransportException reason)
    {
        if (_native == IntPtr.Zero)
        {
            return;
        }
        var buffer = new byte[2048];
        fixed (byte* p = buffer)
        {
            var n = QuicShim.Close(_native, p, (nuint)buffer.Length, 0, NgQuicEndpoint.Now);
            if (n > 0)
            {
                _endpoint.Send(p, (int)n, (int)n, _remote);
            }
        }
        Terminate(reason);
    }

    /// <summary>Frees the native connection and fails everything still waiting on it.</summary>
    public void Terminate(PageTransportException reason)
    {
        if (_native == IntPtr.Zero)
        {
            return;
        }
        _closeError ??= reason;
        QuicShim.Free(_native);
        _native = IntPtr.Zero;
        _handshake.TrySetException(_closeError);
        _accepted.Writer.TryComplete();
        var failure = new IOException(_closeError.Message, _closeError);
        foreach (var stream in _streams.Values)
        {
            stream.OnTerminated(failure);
        }
        _streams.Clear();
        while (_openWaiters.Count > 0)
        {
            _openWaiters.Dequeue().Opened.TrySetException(_closeError);
        }
        foreach (var (_, done) in _writeWaiters)
        {
            done.TrySetException(failure);
        }
        _writeWaiters.Clear();
        _endpoint.Forget(this);
    }
}
