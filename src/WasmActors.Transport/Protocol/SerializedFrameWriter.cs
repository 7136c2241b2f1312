namespace WasmActors.Transport.Protocol;

/// <summary>Writes whole frames to a shared stream, one at a time, so frames of concurrent requests never interleave.</summary>
internal sealed class SerializedFrameWriter(Stream stream) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Sends and then releases <paramref name="frame"/>; the token only cancels waiting for the turn.</summary>
    public async ValueTask WriteAsync(OutgoingFrame frame, CancellationToken cancellationToken)
    {
        using (frame)
        {
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Never cancel a write half-way: a partial frame (or TLS record) would corrupt the
                // connection for every other request. Closing the stream is what ends a stuck write.
                await stream.WriteAsync(frame.Memory, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    public void Dispose() => _lock.Dispose();
}
