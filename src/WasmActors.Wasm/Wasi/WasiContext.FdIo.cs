using System.Buffers;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Wasi;

/// <summary>fd_read, fd_write, fd_pread, fd_pwrite: moving bytes between guest buffers and streams or files.</summary>
public sealed partial class WasiContext
{
    private const int ChunkBytes = 64 * 1024;

    internal WasiErrno FdRead(MemoryInstance memory, uint fd, uint iovs, uint iovsCount, uint readOut) =>
        Guard(() => Transfer(memory, fd, iovs, iovsCount, position: null, readOut, write: false));

    internal WasiErrno FdWrite(MemoryInstance memory, uint fd, uint iovs, uint iovsCount, uint writtenOut) =>
        Guard(() => Transfer(memory, fd, iovs, iovsCount, position: null, writtenOut, write: true));

    internal WasiErrno FdPread(MemoryInstance memory, uint fd, uint iovs, uint iovsCount, ulong offset, uint readOut) =>
        Guard(() => Transfer(memory, fd, iovs, iovsCount, offset, readOut, write: false));

    internal WasiErrno FdPwrite(MemoryInstance memory, uint fd, uint iovs, uint iovsCount, ulong offset, uint writtenOut) =>
        Guard(() => Transfer(memory, fd, iovs, iovsCount, offset, writtenOut, write: true));

    private WasiErrno Transfer(MemoryInstance memory, uint fd, uint iovs, uint iovsCount, ulong? position, uint countOut, bool write)
    {
        if (!TryGetDescriptor(fd, out var descriptor))
        {
            return WasiErrno.BadFd;
        }

        var status = GuestMemory.ReadIovecs(memory, iovs, iovsCount, out var buffers);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        GuestMemory.CheckOut(memory, countOut, 4, 4);
        if (descriptor.Kind == WasiFdKind.Directory)
        {
            // Wasmtime answers EBADF (not Linux's EISDIR) for reading a directory descriptor; programs see the same.
            return WasiErrno.BadFd;
        }

        if (write ? !descriptor.CanWrite : !descriptor.CanRead)
        {
            return WasiErrno.BadFd;
        }

        if (position is not null && (descriptor.IsStream || position > long.MaxValue))
        {
            return descriptor.IsStream ? WasiErrno.InvalidSeek : WasiErrno.Invalid;
        }

        long moved;
        if (descriptor.IsStream)
        {
            var stream = StreamOf(descriptor);
            if (write)
            {
                moved = MoveChunks(memory, buffers, toGuest: false, (chunk, count, _) =>
                {
                    stream.Write(chunk, 0, count);
                    return count;
                });

                // Whoever reads the stream (a terminal, an actor's owner) sees output as the guest writes it.
                stream.Flush();
            }
            else
            {
                moved = MoveChunks(memory, buffers, toGuest: true, (chunk, count, _) => stream.Read(chunk, 0, count));
            }
        }
        else
        {
            var handle = HandleOf((int)fd, descriptor).SafeFileHandle;
            var at = position is ulong p ? (long)p
                : write && descriptor.Flags.HasFlag(WasiFdFlags.Append) ? RandomAccess.GetLength(handle)
                : descriptor.Offset;
            moved = write
                ? MoveChunks(memory, buffers, toGuest: false, (chunk, count, done) =>
                {
                    RandomAccess.Write(handle, chunk.AsSpan(0, count), at + done);
                    return count;
                })
                : MoveChunks(memory, buffers, toGuest: true, (chunk, count, done) => RandomAccess.Read(handle, chunk.AsSpan(0, count), at + done));
            if (position is null)
            {
                descriptor.Offset = at + moved;
            }
        }

        GuestMemory.WriteU32(memory, countOut, (uint)moved);
        return WasiErrno.Success;
    }

    /// <summary>Moves at most <c>count</c> bytes between <c>chunk</c> and a stream or file, <c>done</c> bytes into the transfer; returns how many moved.</summary>
    private delegate int ChunkIo(byte[] chunk, int count, long done);

    /// <summary>
    /// The one loop behind all four calls: walks the guest's buffers a pooled chunk at a time, up to
    /// <see cref="WasiConfig.MaxTransferBytes"/> in all. <paramref name="toGuest"/> runs <paramref name="io"/> before
    /// copying into guest memory (a read), otherwise after copying out of it (a write).
    /// </summary>
    private long MoveChunks(MemoryInstance memory, (uint Address, uint Length)[] buffers, bool toGuest, ChunkIo io)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            return toGuest ? ReadInto(memory, buffers, chunk, io) : WriteFrom(memory, buffers, chunk, io);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>
    /// A read, one buffer at a time. A short read ends it: no more input is ready or the file ended, so return what
    /// there is rather than block for more.
    /// </summary>
    private long ReadInto(MemoryInstance memory, (uint Address, uint Length)[] buffers, byte[] chunk, ChunkIo io)
    {
        long total = 0;
        foreach (var (address, length) in buffers)
        {
            var done = 0u;
            while (done < length && total < Config.MaxTransferBytes)
            {
                var count = (int)Math.Min(Math.Min(length - done, (uint)ChunkBytes), (ulong)(Config.MaxTransferBytes - total));
                var moved = io(chunk, count, total);
                memory.Write(address + done, chunk.AsSpan(0, moved));
                done += (uint)moved;
                total += moved;
                if (moved < count)
                {
                    return total;
                }
            }
        }

        return total;
    }

    /// <summary>
    /// A write, gathering the buffers into whole chunks: a line that libc hands over as two buffers (what it had
    /// buffered, then the newline) reaches the stream as one write, so whoever follows the output gets it in one piece.
    /// </summary>
    private long WriteFrom(MemoryInstance memory, (uint Address, uint Length)[] buffers, byte[] chunk, ChunkIo io)
    {
        long total = 0;
        var filled = 0;
        foreach (var (address, length) in buffers)
        {
            var done = 0u;
            while (done < length && total + filled < Config.MaxTransferBytes)
            {
                var count = (int)Math.Min(Math.Min(length - done, (uint)(ChunkBytes - filled)), (ulong)(Config.MaxTransferBytes - total - filled));
                memory.Read(address + done, chunk.AsSpan(filled, count));
                done += (uint)count;
                filled += count;
                if (filled == ChunkBytes)
                {
                    var moved = io(chunk, filled, total);
                    total += moved;
                    if (moved < filled)
                    {
                        return total;
                    }

                    filled = 0;
                }
            }
        }

        return filled > 0 ? total + io(chunk, filled, total) : total;
    }
}
