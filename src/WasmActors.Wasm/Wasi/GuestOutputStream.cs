namespace WasmActors.Wasm.Wasi;

/// <summary>
/// Base of the write-only streams a host gives a guest as stdout/stderr (to capture output, or forward it to an
/// actor's owner): everything but writing and flushing is unsupported, so a subclass states only where bytes go.
/// </summary>
internal abstract class GuestOutputStream : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Receives the guest's bytes; the span is only valid during the call (WASI reuses its buffer).</summary>
    public abstract override void Write(ReadOnlySpan<byte> buffer);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
