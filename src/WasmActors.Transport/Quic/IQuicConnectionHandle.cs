namespace WasmActors.Transport.Quic;

/// <summary>One bidirectional QUIC stream, whichever QUIC library carries it.</summary>
internal interface IQuicStreamHandle : IAsyncDisposable
{
    Stream Stream { get; }

    /// <summary>Writes <paramref name="data"/>, followed by FIN when <paramref name="completeWrites"/> is set (in the same packet where possible).</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, bool completeWrites, CancellationToken cancellationToken);

    /// <summary>Sends FIN after the data written so far.</summary>
    void CompleteWrites();

    /// <summary>Abandons both directions (RESET_STREAM + STOP_SENDING).</summary>
    void Abort();
}

/// <summary>A QUIC connection as the page protocol needs it: open and accept bidirectional streams.</summary>
internal interface IQuicConnectionHandle : IAsyncDisposable
{
    /// <summary>Opens a stream (waiting while the peer's stream limit is reached) and sends its first
    /// bytes, plus FIN when <paramref name="completeWrites"/> is set, in one step.</summary>
    ValueTask<IQuicStreamHandle> OpenStreamAsync(ReadOnlyMemory<byte> firstWrite, bool completeWrites, CancellationToken cancellationToken);

    /// <summary>The next stream the peer opened, or null once the connection is closed.</summary>
    ValueTask<IQuicStreamHandle?> AcceptStreamAsync(CancellationToken cancellationToken);

    /// <summary>Why the connection closed, once it has.</summary>
    PageTransportException? CloseError { get; }

    /// <summary>Closes the connection, telling the peer.</summary>
    void Close();
}
