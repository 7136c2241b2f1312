using WasmActors.Wasm.Wasi;

namespace WasmActors.Actors.Engine;

/// <summary>
/// A write-only stream that hands every write to a callback as a copy (the guest's buffer is reused). WASI
/// writes arrive here from the engine thread, whole fd_write calls at a time.
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
