using WasmActors.Wasm.Wasi;

namespace WasmActors.Actors.Engine;

/// <summary>
/// A write-only stream that hands every write to a callback as a copy (the guest's buffer is reused). WASI
/// writes arrive here from the engine thread, a whole fd_write call at a time (its buffers gathered, up to 64 KiB).
/// </summary>
internal sealed class OutputSink(int fd, Action<int, byte[]> write) : GuestOutputStream
{
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!buffer.IsEmpty)
        {
            write(fd, buffer.ToArray());
        }
    }
}
