namespace WasmActors.Actors.Engine;

/// <summary>
/// A write-only stream that hands every write to a callback as a copy (the guest's buffer is reused). WASI
/// writes arrive here from the engine thread, whole fd_write calls at a time.
/// </summary>
internal sealed class OutputSink(int fd, Action<int, byte[]> write) : Stream
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

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!buffer.IsEmpty)
        {
            write(fd, buffer.ToArray());
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
