namespace WasmActors.Transport.Quic;

/// <summary>Where an inline answer goes: straight into the QUIC stream, FIN with the last bytes.</summary>
internal interface IInlineResponseSink
{
    void Write(ReadOnlySpan<byte> data, bool fin);
}

/// <summary>Answers a small request that arrived whole, synchronously, on the connection's I/O
/// thread; false leaves the stream to the ordinary (asynchronous) path.</summary>
internal interface IInlineRequestServer
{
    bool TryServe(ReadOnlySpan<byte> request, IInlineResponseSink sink);
}

/// <summary>A QUIC connection that can hand whole requests to an <see cref="IInlineRequestServer"/>
/// before they reach <see cref="IQuicConnectionHandle.AcceptStreamAsync"/>, saving the thread hops
/// that dominate small-page latency.</summary>
internal interface ISupportsInlineRequests
{
    void EnableInlineRequests(IInlineRequestServer server);
}
