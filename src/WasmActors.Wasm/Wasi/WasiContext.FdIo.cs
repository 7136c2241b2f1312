using System.Buffers;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Wasi;

/// <summary>fd_read, fd_write, fd_pread, fd_pwrite: moving bytes between guest buffers and streams or files.</summary>
public sealed partial class WasiContext
{
    private const int ChunkBytes = 64 * 1024;

    public WasiErrno FdRead(MemoryInstance memory, uint fd, uint iovs, uint iovsCount, uint readOut) =>
        Guard(() => Transfer(memory, fd, iovs, iovsCount, position: null, readOut, write: false));

    public WasiErrno FdWrite(MemoryInstance memory, uint fd, uint iovs, uint iovsCount, uint writtenOut) =>
        Guard(() => Transfer(memory, fd, iovs, iovsCount, position: null, writtenOut, write: true));

    public WasiErrno FdPread(MemoryInstance memory, uint fd, uint iovs, uint iovsCount, ulong offset, uint readOut) =>
        Guard(() => Transfer(memory, fd, iovs, iovsCount, offset, readOut, write: false));

    public WasiErrno FdPwrite(MemoryInstance memory, uint fd, uint iovs, uint iovsCount, ulong offset, uint writtenOut) =>
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
            moved = write ? WriteStream(memory, StreamOf(descriptor), buffers) : ReadStream(memory, StreamOf(descriptor), buffers);
        }
        else
        {
            var handle = HandleOf((int)fd, descriptor).SafeFileHandle;
            var at = position is ulong p ? (long)p
                : write && descriptor.Flags.HasFlag(WasiFdFlags.Append) ? RandomAccess.GetLength(handle)
                : descriptor.Offset;
            moved = write ? WriteFile(memory, handle, at, buffers) : ReadFile(memory, handle, at, buffers);
            if (position is null)
            {
                descriptor.Offset = at + moved;
            }
        }

        GuestMemory.WriteU32(memory, countOut, (uint)moved);
        return WasiErrno.Success;
    }

    private long ReadStream(MemoryInstance memory, Stream stream, (uint Address, uint Length)[] buffers)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            long total = 0;
            foreach (var (address, length) in buffers)
            {
                var done = 0u;
                while (done < length && total < Config.MaxTransferBytes)
                {
                    var wanted = (int)Math.Min(Math.Min(length - done, (uint)ChunkBytes), (ulong)(Config.MaxTransferBytes - total));
                    var got = stream.Read(chunk, 0, wanted);
                    memory.Write(address + done, chunk.AsSpan(0, got));
                    done += (uint)got;
                    total += got;

                    // A short read means no more input is ready: return what there is rather than block for more.
                    if (got < wanted)
                    {
                        return total;
                    }
                }
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private long WriteStream(MemoryInstance memory, Stream stream, (uint Address, uint Length)[] buffers)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            long total = 0;
            foreach (var (address, length) in buffers)
            {
                var done = 0u;
                while (done < length && total < Config.MaxTransferBytes)
                {
                    var count = (int)Math.Min(Math.Min(length - done, (uint)ChunkBytes), (ulong)(Config.MaxTransferBytes - total));
                    memory.Read(address + done, chunk.AsSpan(0, count));
                    stream.Write(chunk, 0, count);
                    done += (uint)count;
                    total += count;
                }
            }

            // Whoever reads the stream (a terminal, an actor's owner) sees output as the guest writes it.
            stream.Flush();
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private long ReadFile(MemoryInstance memory, Microsoft.Win32.SafeHandles.SafeFileHandle handle, long at, (uint Address, uint Length)[] buffers)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            long total = 0;
            foreach (var (address, length) in buffers)
            {
                var done = 0u;
                while (done < length && total < Config.MaxTransferBytes)
                {
                    var wanted = (int)Math.Min(Math.Min(length - done, (uint)ChunkBytes), (ulong)(Config.MaxTransferBytes - total));
                    var got = RandomAccess.Read(handle, chunk.AsSpan(0, wanted), at + total);
                    memory.Write(address + done, chunk.AsSpan(0, got));
                    done += (uint)got;
                    total += got;
                    if (got < wanted)
                    {
                        return total;
                    }
                }
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private long WriteFile(MemoryInstance memory, Microsoft.Win32.SafeHandles.SafeFileHandle handle, long at, (uint Address, uint Length)[] buffers)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            long total = 0;
            foreach (var (address, length) in buffers)
            {
                var done = 0u;
                while (done < length && total < Config.MaxTransferBytes)
                {
                    var count = (int)Math.Min(Math.Min(length - done, (uint)ChunkBytes), (ulong)(Config.MaxTransferBytes - total));
                    memory.Read(address + done, chunk.AsSpan(0, count));
                    RandomAccess.Write(handle, chunk.AsSpan(0, count), at + total);
                    done += (uint)count;
                    total += count;
                }
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
