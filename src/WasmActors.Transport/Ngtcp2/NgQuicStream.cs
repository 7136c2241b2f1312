using System.Buffers;
using System.IO.Pipelines;
using WasmActors.Transport.Quic;

namespace WasmActors.Transport.Ngtcp2;

/// <summary>A QUIC stream of the ngtcp2 backend as a <see cref="Stream"/>. Received bytes wait in a pipe;
/// flow-control credit goes back to the peer only as the reader consumes them, so memory stays bounded
/// by the window. Writes complete once the shim holds the bytes and the unacknowledged backlog is small.
/// A waiting reader resumes inline on the I/O thread when bytes are published (see <see cref="IoThread"/>):
/// a hop to the thread pool per batch of datagrams cost more CPU than the frame parsing it moved away.</summary>
internal sealed class NgQuicStream : Stream, IQuicStreamHandle
{
    private const int ReportThreshold = 64 * 1024;
    private readonly NgQuicConnection _connection;
    private readonly Pipe _received = new(new PipeOptions(readerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private long _unreported;
    private int _aborted;
    private volatile bool _disposed;
    private bool _sawEnd;
    private bool _finSent;

    public NgQuicStream(NgQuicConnection connection, long id)
    {
        _connection = connection;
        Id = id;
    }

    public long Id { get; }

    Stream IQuicStreamHandle.Stream => this;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Loop thread: bytes arrived. They become visible to the reader at <see cref="PublishReceived"/>,
    /// once per loop pass, so a burst of datagrams wakes the reader once rather than once per datagram.</summary>
    /// <returns>True when the stream needs publishing.</returns>
    internal bool OnData(ReadOnlySpan<byte> data, bool fin)
    {
        if (_disposed)
        {
            _connection.ConsumeNow(Id, data.Length); // nobody will read it: give the window back at once
            return false;
        }
        if (data.Length > 0)
        {
            _received.Writer.Write(data);
        }
        if (fin)
        {
            _received.Writer.Complete();
            return false;
        }
        return data.Length > 0;
    }

    /// <summary>Loop thread: wakes the reader for the bytes written since the last call.</summary>
    internal void PublishReceived() => _ = _received.Writer.FlushAsync();

    /// <summary>Loop thread: the stream or the whole connection ended.</summary>
    internal void OnTerminated(Exception? error) => _received.Writer.Complete(error);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        ReadResult result;
        try
        {
            result = await _received.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new IOException($"QUIC stream {Id} was aborted", e); // the reader was completed by Dispose
        }
        var available = result.Buffer;
        if (available.IsEmpty && result.IsCompleted)
        {
            _sawEnd = true;
        }
        var count = (int)Math.Min(available.Length, buffer.Length);
        available.Slice(0, count).CopyTo(buffer.Span);
        var tookAll = count == available.Length;
        _received.Reader.AdvanceTo(available.GetPosition(count));
        if (count > 0)
        {
            // Credit goes back in batches, but always before the reader would wait, so the peer never stalls on us.
            _unreported += count;
            if (_unreported >= ReportThreshold || tookAll)
            {
                _connection.PostConsumed(Id, _unreported);
                _unreported = 0;
            }
        }
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return;
        }
        using var pin = buffer.Pin();
        await _connection.SendAsync(this, pin, buffer.Length, fin: false, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, bool completeWrites, CancellationToken cancellationToken)
    {
        if (completeWrites)
        {
            _finSent = true;
        }
        using var pin = data.Pin();
        await _connection.SendAsync(this, pin, data.Length, completeWrites, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loop thread: the request was answered inline; nobody reads or writes this stream again.</summary>
    internal void CompleteInline()
    {
        _disposed = true;
        _sawEnd = true;
        _finSent = true;
        _received.Writer.Complete();
        _received.Reader.Complete();
    }

    /// <summary>For a stream whose first bytes and FIN went out with its opening.</summary>
    internal void MarkWritesCompleted() => _finSent = true;

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public void CompleteWrites()
    {
        _finSent = true;
        _connection.PostFin(this);
    }

    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            _connection.PostShutdown(this);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override ValueTask DisposeAsync()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>A stream left half-way is aborted so it does not hold one of the peer's stream slots,
    /// and bytes nobody read are credited back to the connection window.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            if (!_sawEnd || !_finSent)
            {
                Abort();
            }
            long unread = 0;
            try
            {
                if (_received.Reader.TryRead(out var rest))
                {
                    unread = rest.Buffer.Length;
                    _received.Reader.AdvanceTo(rest.Buffer.End);
                }
                _received.Reader.Complete();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                // Already completed, or the stream ended with an error: nothing left to credit.
                _received.Reader.Complete();
            }
            if (unread + _unreported > 0)
            {
                _connection.PostConsumed(Id, unread + _unreported);
                _unreported = 0;
            }
        }
        base.Dispose(disposing);
    }
}
