using System.Text;
using Microsoft.Win32.SafeHandles;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Wasi;

/// <summary>The fd_* functions other than reading and writing.</summary>
public sealed partial class WasiContext
{
    internal WasiErrno FdClose(uint fd) => Guard(() => FdCloseCore(fd));

    internal WasiErrno FdRenumber(uint fd, uint to) => Guard(() => FdRenumberCore(fd, to));

    private WasiErrno FdCloseCore(uint fd)
    {
        if (!TryGetDescriptor(fd, out _))
        {
            return WasiErrno.BadFd;
        }

        CloseHandle((int)fd);
        Fds.Remove((int)fd);
        return WasiErrno.Success;
    }

    private WasiErrno FdRenumberCore(uint fd, uint to)
    {
        if (!TryGetDescriptor(fd, out var descriptor) || !TryGetDescriptor(to, out _))
        {
            return WasiErrno.BadFd;
        }

        if (fd == to)
        {
            return WasiErrno.Success;
        }

        CloseHandle((int)to);
        Fds.Set((int)to, descriptor);
        Fds.Remove((int)fd);
        if (_handles.Remove((int)fd, out var handle))
        {
            _handles[(int)to] = handle;
        }

        if (_directories.Remove((int)fd, out var directory))
        {
            _directories[(int)to] = directory;
        }

        return WasiErrno.Success;
    }

    internal WasiErrno FdSeek(MemoryInstance memory, uint fd, long offset, uint whence, uint newOffsetOut) =>
        Guard(() => FdSeekCore(memory, fd, offset, whence, newOffsetOut));

    private WasiErrno FdSeekCore(MemoryInstance memory, uint fd, long offset, uint whence, uint newOffsetOut)
    {
        if (!TryGetDescriptor(fd, out var descriptor))
        {
            return WasiErrno.BadFd;
        }

        GuestMemory.CheckOut(memory, newOffsetOut, 8, 8);
        if (descriptor.IsStream)
        {
            return WasiErrno.InvalidSeek;
        }

        if (descriptor.Kind == WasiFdKind.Directory)
        {
            return WasiErrno.BadFd;
        }

        long origin;
        switch (whence)
        {
            case 0:
                origin = 0;
                break;
            case 1:
                origin = descriptor.Offset;
                break;
            case 2:
                origin = RandomAccess.GetLength(HandleOf((int)fd, descriptor).SafeFileHandle);
                break;
            default:
                return WasiErrno.Invalid;
        }

        var target = origin + offset;
        if ((offset > 0 && target < origin) || target < 0)
        {
            return WasiErrno.Invalid;
        }

        descriptor.Offset = target;
        GuestMemory.WriteU64(memory, newOffsetOut, (ulong)target);
        return WasiErrno.Success;
    }

    internal WasiErrno FdTell(MemoryInstance memory, uint fd, uint offsetOut)
    {
        if (!TryGetDescriptor(fd, out var descriptor))
        {
            return WasiErrno.BadFd;
        }

        if (descriptor.Kind != WasiFdKind.File)
        {
            return descriptor.IsStream ? WasiErrno.InvalidSeek : WasiErrno.BadFd;
        }

        GuestMemory.WriteU64(memory, offsetOut, (ulong)descriptor.Offset);
        return WasiErrno.Success;
    }

    internal WasiErrno FdSync(uint fd) =>
        Guard(() => Sync(fd));

    internal WasiErrno FdDatasync(uint fd) =>
        Guard(() => Sync(fd));

    private WasiErrno Sync(uint fd)
    {
        if (!TryGetDescriptor(fd, out var descriptor))
        {
            return WasiErrno.BadFd;
        }

        if (descriptor.Kind == WasiFdKind.File)
        {
            HandleOf((int)fd, descriptor).Flush(flushToDisk: true);
        }
        else if (descriptor.IsStream && descriptor.CanWrite)
        {
            StreamOf(descriptor).Flush();
        }

        return WasiErrno.Success;
    }

    internal WasiErrno FdAdvise(uint fd, ulong offset, ulong length, uint advice)
    {
        _ = (offset, length); // advice only; the host's page cache does its own read-ahead
        if (!TryGetDescriptor(fd, out var descriptor))
        {
            return WasiErrno.BadFd;
        }

        if (advice > 5)
        {
            return WasiErrno.Invalid;
        }

        return descriptor.Kind == WasiFdKind.File ? WasiErrno.Success : WasiErrno.BadFd;
    }

    internal WasiErrno FdAllocate(uint fd, ulong offset, ulong length) =>
        Guard(() => FdAllocateCore(fd, offset, length));

    private WasiErrno FdAllocateCore(uint fd, ulong offset, ulong length)
    {
        if (!TryGetDescriptor(fd, out var descriptor))
        {
            return WasiErrno.BadFd;
        }

        if (descriptor.Kind != WasiFdKind.File || !descriptor.CanWrite)
        {
            return WasiErrno.BadFd;
        }

        if (offset > long.MaxValue || length > long.MaxValue - offset)
        {
            return WasiErrno.FileTooBig;
        }

        var handle = HandleOf((int)fd, descriptor);
        var end = (long)(offset + length);
        if (end > handle.Length)
        {
            handle.SetLength(end);
        }

        return WasiErrno.Success;
    }

    internal WasiErrno FdFdstatGet(MemoryInstance memory, uint fd, uint statOut)
    {
        if (!TryGetDescriptor(fd, out var descriptor))
        {
            return WasiErrno.BadFd;
        }

        GuestMemory.CheckOut(memory, statOut, WasiLayout.FdStatSize, 8);
        memory.Fill(statOut, 0, WasiLayout.FdStatSize);
        GuestMemory.WriteU8(memory, statOut, (byte)FileTypeOf(descriptor));
        GuestMemory.WriteU16(memory, statOut + 2, (ushort)descriptor.Flags);
        GuestMemory.WriteU64(memory, statOut + 8, (ulong)descriptor.RightsBase);
        GuestMemory.WriteU64(memory, statOut + 16, (ulong)descriptor.RightsInheriting);
        return WasiErrno.Success;
    }

    internal WasiErrno FdFdstatSetFlags(uint fd, uint flags)
    {
        if (!TryGetDescriptor(fd, out var descriptor))
        {
            return WasiErrno.BadFd;
        }

        // Only append and non-blocking can change after opening (as with fcntl(F_SETFL)); the sync flags cannot.
        var wanted = (WasiFdFlags)flags;
        if ((wanted & ~(WasiFdFlags.Append | WasiFdFlags.NonBlock)) != 0 || flags > ushort.MaxValue)
        {
            return WasiErrno.NotSupported;
        }

        descriptor.Flags = wanted;
        return WasiErrno.Success;
    }

    internal WasiErrno FdFdstatSetRights(uint fd, ulong rightsBase, ulong rightsInheriting)
    {
        if (!TryGetDescriptor(fd, out var descriptor))
        {
            return WasiErrno.BadFd;
        }

        // Rights can only be dropped, never gained.
        var newBase = (WasiRights)rightsBase;
        var newInheriting = (WasiRights)rightsInheriting;
        if ((newBase & ~descriptor.RightsBase) != 0 || (newInheriting & ~descriptor.RightsInheriting) != 0)
        {
            return WasiErrno.NotCapable;
        }

        descriptor.RightsBase = newBase;
        descriptor.RightsInheriting = newInheriting;
        return WasiErrno.Success;
    }

    internal WasiErrno FdFilestatGet(MemoryInstance memory, uint fd, uint statOut) =>
        Guard(() => FdFilestatGetCore(memory, fd, statOut));

    private WasiErrno FdFilestatGetCore(MemoryInstance memory, uint fd, uint statOut)
    {
        if (!TryGetDescriptor(fd, out var descriptor))
        {
            return WasiErrno.BadFd;
        }

        GuestMemory.CheckOut(memory, statOut, WasiLayout.FileStatSize, 8);
        if (descriptor.IsStream)
        {
            memory.Fill(statOut, 0, WasiLayout.FileStatSize);
            GuestMemory.WriteU8(memory, statOut + 16, (byte)FileTypeOf(descriptor));
            return WasiErrno.Success;
        }

        var held = descriptor.Kind == WasiFdKind.File ? HandleOf((int)fd, descriptor).SafeFileHandle : DirectoryOf((int)fd, descriptor);
        var error = HostCalls.Stat(held, "", follow: false, out var info);
        if (error < 0)
        {
            return WasiErrors.FromHostErrno(-error);
        }

        WriteFileStat(memory, statOut, descriptor.PreopenIndex, descriptor.RelativePath, info);
        return WasiErrno.Success;
    }

    internal WasiErrno FdFilestatSetSize(uint fd, ulong size) =>
        Guard(() => FdFilestatSetSizeCore(fd, size));

    private WasiErrno FdFilestatSetSizeCore(uint fd, ulong size)
    {
        if (!TryGetDescriptor(fd, out var descriptor))
        {
            return WasiErrno.BadFd;
        }

        if (descriptor.Kind != WasiFdKind.File || !descriptor.CanWrite)
        {
            return descriptor.Kind == WasiFdKind.Directory ? WasiErrno.IsDirectory : WasiErrno.BadFd;
        }

        if (size > long.MaxValue)
        {
            return WasiErrno.FileTooBig;
        }

        HandleOf((int)fd, descriptor).SetLength((long)size);
        return WasiErrno.Success;
    }

    internal WasiErrno FdFilestatSetTimes(uint fd, ulong accessTime, ulong modificationTime, uint flags) =>
        Guard(() => FdFilestatSetTimesCore(fd, accessTime, modificationTime, flags));

    private WasiErrno FdFilestatSetTimesCore(uint fd, ulong accessTime, ulong modificationTime, uint flags)
    {
        if (!TryGetDescriptor(fd, out var descriptor))
        {
            return WasiErrno.BadFd;
        }

        if (descriptor.IsStream)
        {
            return WasiErrno.BadFd;
        }

        if (!TryTimes(accessTime, modificationTime, flags, out var access, out var modification))
        {
            return WasiErrno.Invalid;
        }

        var held = descriptor.Kind == WasiFdKind.File ? HandleOf((int)fd, descriptor).SafeFileHandle : DirectoryOf((int)fd, descriptor);
        var error = HostCalls.SetTimes(held, access, modification);
        return error < 0 ? WasiErrors.FromHostErrno(-error) : WasiErrno.Success;
    }

    internal WasiErrno FdPrestatGet(MemoryInstance memory, uint fd, uint prestatOut)
    {
        if (!TryGetDescriptor(fd, out var descriptor) || descriptor.PreopenGuestPath is null)
        {
            return WasiErrno.BadFd;
        }

        GuestMemory.CheckOut(memory, prestatOut, WasiLayout.PrestatSize, 4);
        memory.Fill(prestatOut, 0, WasiLayout.PrestatSize);
        GuestMemory.WriteU32(memory, prestatOut + 4, (uint)Encoding.UTF8.GetByteCount(descriptor.PreopenGuestPath));
        return WasiErrno.Success;
    }

    internal WasiErrno FdPrestatDirName(MemoryInstance memory, uint fd, uint pathOut, uint pathLength)
    {
        if (!TryGetDescriptor(fd, out var descriptor) || descriptor.PreopenGuestPath is null)
        {
            return WasiErrno.BadFd;
        }

        var name = Encoding.UTF8.GetBytes(descriptor.PreopenGuestPath);
        if (pathLength < name.Length)
        {
            return WasiErrno.NameTooLong;
        }

        memory.Write(pathOut, name);
        return WasiErrno.Success;
    }

    /// <summary>
    /// fd_readdir: entries in a fixed order ("." and "..", then names in ordinal order) so every host lists a
    /// directory the same way; the cookie is the index of the next entry. The last entry may be cut off when the
    /// buffer is full, as the preview1 contract allows (the guest retries with a larger buffer).
    /// </summary>
    internal WasiErrno FdReaddir(MemoryInstance memory, uint fd, uint buffer, uint bufferLength, ulong cookie, uint usedOut) =>
        Guard(() => FdReaddirCore(memory, fd, buffer, bufferLength, cookie, usedOut));

    private WasiErrno FdReaddirCore(MemoryInstance memory, uint fd, uint buffer, uint bufferLength, ulong cookie, uint usedOut)
    {
        if (!TryGetDescriptor(fd, out var descriptor))
        {
            return WasiErrno.BadFd;
        }

        GuestMemory.CheckRange(memory, buffer, bufferLength);
        GuestMemory.CheckOut(memory, usedOut, 4, 4);
        if (descriptor.Kind != WasiFdKind.Directory)
        {
            // Wasmtime answers EBADF for listing a file or a stream.
            return WasiErrno.BadFd;
        }

        var held = DirectoryOf((int)fd, descriptor);
        var entries = new List<(string Name, byte Type)>();
        var error = HostCalls.ReadDirectory(held, entries);
        if (error < 0)
        {
            return WasiErrors.FromHostErrno(-error);
        }

        entries.RemoveAll(e => e.Name is "." or "..");
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        entries.InsertRange(0, [(".", DirentDirectory), ("..", DirentDirectory)]);

        var used = 0u;
        Span<byte> header = stackalloc byte[WasiLayout.DirentHeaderSize];
        for (var index = cookie; index < (ulong)entries.Count && used < bufferLength; index++)
        {
            var (name, type) = entries[(int)index];
            var relative = name is "." or ".." ? descriptor.RelativePath
                : descriptor.RelativePath.Length == 0 ? name : descriptor.RelativePath + "/" + name;
            var bytes = Encoding.UTF8.GetBytes(name);
            header.Clear();
            BitConverter.TryWriteBytes(header, index + 1);
            BitConverter.TryWriteBytes(header[8..], InodeOf(descriptor.PreopenIndex, relative));
            BitConverter.TryWriteBytes(header[16..], (uint)bytes.Length);
            header[20] = (byte)DirentType(held, name, type);
            used += CopyTruncated(memory, buffer + used, bufferLength - used, header);
            used += CopyTruncated(memory, buffer + used, bufferLength - used, bytes);
        }

        GuestMemory.WriteU32(memory, usedOut, used);
        return WasiErrno.Success;
    }

    private const byte DirentDirectory = 4;

    /// <summary>A dirent's d_type as a WASI file type; when the file system does not say, it is stat'ed below the held directory.</summary>
    private static WasiFileType DirentType(SafeFileHandle directory, string name, byte type) => type switch
    {
        DirentDirectory => WasiFileType.Directory,
        8 => WasiFileType.RegularFile,
        10 => WasiFileType.SymbolicLink,
        2 => WasiFileType.CharacterDevice,
        6 => WasiFileType.BlockDevice,
        12 => WasiFileType.SocketStream,
        0 => HostCalls.Stat(directory, name, follow: false, out var info) < 0 ? WasiFileType.Unknown : FileTypeOf(info.Type),
        _ => WasiFileType.Unknown,
    };

    private static uint CopyTruncated(MemoryInstance memory, uint address, uint room, ReadOnlySpan<byte> bytes)
    {
        var count = (int)Math.Min(room, (uint)bytes.Length);
        memory.Write(address, bytes[..count]);
        return (uint)count;
    }

    private WasiFileType FileTypeOf(WasiFileDescriptor descriptor) => descriptor.Kind switch
    {
        WasiFdKind.Directory => WasiFileType.Directory,
        WasiFdKind.File => WasiFileType.RegularFile,
        _ => Config.StandardStreamsAreTerminals ? WasiFileType.CharacterDevice : WasiFileType.Unknown,
    };
}
