namespace WasmActors.Transport.Quic;

/// <summary>One bidirectional QUIC stream, whichever QUIC library carries it.</summary>
internal interface IQuicStreamHandle : IAsyncDisposable
{
    Stream Stream { get; }

    /// <summary>Sends FIN after the data written so far.</summary>
    void CompleteWrites();

    /// <summary>Abandons both directions (RESET_STREAM + STOP_SENDING).</summary>
    void Abort();
}

/// <summary>A QUIC connection as the page protocol needs it: open and accept bidirectional streams.</summary>
internal interface IQuicConnectionHandle : IAsyncDisposable
{
    ValueTask<IQuicStreamHandle> OpenStreamAsync(CancellationToken cancellationToken);

    /// <summary>The next stream the peer opened, or null once the connection is closed.</summary>
    ValueTask<IQuicStreamHandle?> AcceptStreamAsync(CancellationToken cancellationToken);

    /// <summary>Why the connection closed, once it has.</summary>
    PageTransportException? CloseError { get; }

    /// <summary>Closes the connection, telling the peer.</summary>
    void Close();
}
