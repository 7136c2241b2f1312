using System.Text;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Wasi;

/// <summary>The path_* functions: everything that names a file relative to a directory descriptor.</summary>
public sealed partial class WasiContext
{
    private const uint LookupSymlinkFollow = 1;

    private readonly record struct FileStatInfo(WasiFileType Type, ulong Device, ulong Inode, ulong Size, ulong AccessTime, ulong ModificationTime);

    private readonly record struct ResolvedPath(WasiFileDescriptor Directory, int Preopen, string Relative, string Host);

    public WasiErrno PathOpen(
        MemoryInstance memory, uint fd, uint lookupFlags, uint path, uint pathLength, uint openFlags,
        ulong rightsBase, ulong rightsInheriting, uint fdFlags, uint fdOut) =>
        Guard(() => PathOpenCore(memory, fd, lookupFlags, path, pathLength, openFlags, rightsBase, rightsInheriting, fdFlags, fdOut));

    private WasiErrno PathOpenCore(
        MemoryInstance memory, uint fd, uint lookupFlags, uint path, uint pathLength, uint openFlags,
        ulong rightsBase, ulong rightsInheriting, uint fdFlags, uint fdOut)
    {
        var status = Resolve(memory, fd, path, pathLength, (lookupFlags & LookupSymlinkFollow) != 0, out var target);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        GuestMemory.CheckRange(memory, fdOut, 4);
        var flags = (WasiOpenFlags)openFlags;
        var create = flags.HasFlag(WasiOpenFlags.Create);
        var exclusive = flags.HasFlag(WasiOpenFlags.Exclusive);
        if (WasiPathResolver.LinkTarget(target.Host) is not null)
        {
            // Only reachable when the guest asked not to follow a final link: O_NOFOLLOW's ELOOP.
            return create && exclusive ? WasiErrno.Exists : WasiErrno.Loop;
        }

        var requested = (WasiRights)rightsBase & target.Directory.RightsInheriting;
        var inheriting = (WasiRights)rightsInheriting & target.Directory.RightsInheriting;
        var wantsWrite = (requested & (WasiRights.FdWrite | WasiRights.FdAllocate | WasiRights.FdFileStatSetSize)) != 0 ||
                         ((WasiFdFlags)fdFlags).HasFlag(WasiFdFlags.Append);
        if (Directory.Exists(target.Host))
        {
            if (create && exclusive)
            {
                return WasiErrno.Exists;
            }

            if (flags.HasFlag(WasiOpenFlags.Truncate) || (wantsWrite && !flags.HasFlag(WasiOpenFlags.Directory)))
            {
                return WasiErrno.IsDirectory;
            }

            return AddDescriptor(memory, fdOut, null, new WasiFileDescriptor
            {
                Kind = WasiFdKind.Directory,
                PreopenIndex = target.Preopen,
                RelativePath = target.Relative,
                RightsBase = requested & WasiRightSets.Directory,
                RightsInheriting = inheriting,
                Flags = (WasiFdFlags)fdFlags,
                CanRead = true,
            });
        }

        if (flags.HasFlag(WasiOpenFlags.Directory))
        {
            return File.Exists(target.Host) ? WasiErrno.NotDirectory : WasiErrno.NoEntry;
        }

        if (File.Exists(target.Host))
        {
            if (create && exclusive)
            {
                return WasiErrno.Exists;
            }
        }
        else if (!create)
        {
            return WasiErrno.NoEntry;
        }
        else
        {
            // Created on its own so that opening read-only with O_CREAT works as on POSIX.
            using var created = new FileStream(target.Host, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }

        if (flags.HasFlag(WasiOpenFlags.Truncate))
        {
            using var truncated = new FileStream(target.Host, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }

        var wantsRead = (requested & (WasiRights.FdRead | WasiRights.FdReadDir)) != 0 || !wantsWrite;
        var access = wantsWrite ? (wantsRead ? FileAccess.ReadWrite : FileAccess.Write) : FileAccess.Read;
        var handle = new FileStream(target.Host, FileMode.Open, access, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        return AddDescriptor(memory, fdOut, handle, new WasiFileDescriptor
        {
            Kind = WasiFdKind.File,
            PreopenIndex = target.Preopen,
            RelativePath = target.Relative,
            RightsBase = requested & WasiRightSets.File,
            RightsInheriting = inheriting,
            Flags = (WasiFdFlags)fdFlags,
            CanRead = wantsRead,
            CanWrite = wantsWrite,
        });
    }

    public WasiErrno PathCreateDirectory(MemoryInstance memory, uint fd, uint path, uint pathLength) =>
        Guard(() => PathCreateDirectoryCore(memory, fd, path, pathLength));

    private WasiErrno PathCreateDirectoryCore(MemoryInstance memory, uint fd, uint path, uint pathLength)
    {
        var status = Resolve(memory, fd, path, pathLength, follow: false, out var target);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        if (Exists(target.Host))
        {
            return WasiErrno.Exists;
        }

        var parent = Path.GetDirectoryName(target.Host);
        if (parent is null || !Directory.Exists(parent))
        {
            return parent is not null && File.Exists(parent) ? WasiErrno.NotDirectory : WasiErrno.NoEntry;
        }

        Directory.CreateDirectory(target.Host);
        return WasiErrno.Success;
    }

    public WasiErrno PathRemoveDirectory(MemoryInstance memory, uint fd, uint path, uint pathLength) =>
        Guard(() => PathRemoveDirectoryCore(memory, fd, path, pathLength));

    private WasiErrno PathRemoveDirectoryCore(MemoryInstance memory, uint fd, uint path, uint pathLength)
    {
        var status = Resolve(memory, fd, path, pathLength, follow: false, out var target);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        if (target.Relative.Length == 0)
        {
            return WasiErrno.Busy;
        }

        if (WasiPathResolver.LinkTarget(target.Host) is not null || File.Exists(target.Host))
        {
            return WasiErrno.NotDirectory;
        }

        if (!Directory.Exists(target.Host))
        {
            return WasiErrno.NoEntry;
        }

        if (Directory.EnumerateFileSystemEntries(target.Host).Any())
        {
            return WasiErrno.NotEmpty;
        }

        Directory.Delete(target.Host, recursive: false);
        return WasiErrno.Success;
    }

    public WasiErrno PathUnlinkFile(MemoryInstance memory, uint fd, uint path, uint pathLength) =>
        Guard(() => PathUnlinkFileCore(memory, fd, path, pathLength));

    private WasiErrno PathUnlinkFileCore(MemoryInstance memory, uint fd, uint path, uint pathLength)
    {
        var status = Resolve(memory, fd, path, pathLength, follow: false, out var target);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        // A link is removed itself, never what it points to.
        var isLink = WasiPathResolver.LinkTarget(target.Host) is not null;
        if (!isLink && Directory.Exists(target.Host))
        {
            return WasiErrno.IsDirectory;
        }

        if (!isLink && !File.Exists(target.Host))
        {
            return WasiErrno.NoEntry;
        }

        File.Delete(target.Host);
        return WasiErrno.Success;
    }

    public WasiErrno PathRename(MemoryInstance memory, uint fd, uint oldPath, uint oldLength, uint newFd, uint newPath, uint newLength) =>
        Guard(() => PathRenameCore(memory, fd, oldPath, oldLength, newFd, newPath, newLength));

    private WasiErrno PathRenameCore(MemoryInstance memory, uint fd, uint oldPath, uint oldLength, uint newFd, uint newPath, uint newLength)
    {
        var status = Resolve(memory, fd, oldPath, oldLength, follow: false, out var source);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        status = Resolve(memory, newFd, newPath, newLength, follow: false, out var destination);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        if (!Exists(source.Host))
        {
            return WasiErrno.NoEntry;
        }

        if (source.Host == destination.Host)
        {
            return WasiErrno.Success;
        }

        var sourceIsDirectory = WasiPathResolver.LinkTarget(source.Host) is null && Directory.Exists(source.Host);
        var destinationIsDirectory = WasiPathResolver.LinkTarget(destination.Host) is null && Directory.Exists(destination.Host);
        if (sourceIsDirectory)
        {
            if (source.Relative.Length == 0 || destination.Host.StartsWith(source.Host + "/", StringComparison.Ordinal))
            {
                return WasiErrno.Invalid;
            }

            if (Exists(destination.Host) && !destinationIsDirectory)
            {
                return WasiErrno.NotDirectory;
            }

            if (destinationIsDirectory)
            {
                // rename(2) replaces an empty directory.
                if (Directory.EnumerateFileSystemEntries(destination.Host).Any())
                {
                    return WasiErrno.NotEmpty;
                }

                Directory.Delete(destination.Host);
            }

            Directory.Move(source.Host, destination.Host);
            return WasiErrno.Success;
        }

        if (destinationIsDirectory)
        {
            return WasiErrno.IsDirectory;
        }

        File.Move(source.Host, destination.Host, overwrite: true);
        return WasiErrno.Success;
    }

    public WasiErrno PathFilestatGet(MemoryInstance memory, uint fd, uint lookupFlags, uint path, uint pathLength, uint statOut) =>
        Guard(() => PathFilestatGetCore(memory, fd, lookupFlags, path, pathLength, statOut));

    private WasiErrno PathFilestatGetCore(MemoryInstance memory, uint fd, uint lookupFlags, uint path, uint pathLength, uint statOut)
    {
        var follow = (lookupFlags & LookupSymlinkFollow) != 0;
        var status = Resolve(memory, fd, path, pathLength, follow, out var target);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        GuestMemory.CheckRange(memory, statOut, WasiLayout.FileStatSize);
        return StatPath(memory, target.Preopen, target.Relative, follow, statOut);
    }

    public WasiErrno PathFilestatSetTimes(
        MemoryInstance memory, uint fd, uint lookupFlags, uint path, uint pathLength, ulong accessTime, ulong modificationTime, uint flags) =>
        Guard(() => PathFilestatSetTimesCore(memory, fd, lookupFlags, path, pathLength, accessTime, modificationTime, flags));

    private WasiErrno PathFilestatSetTimesCore(
        MemoryInstance memory, uint fd, uint lookupFlags, uint path, uint pathLength, ulong accessTime, ulong modificationTime, uint flags)
    {
        var status = Resolve(memory, fd, path, pathLength, (lookupFlags & LookupSymlinkFollow) != 0, out var target);
        return status != WasiErrno.Success ? status : SetTimes(target.Host, accessTime, modificationTime, flags);
    }

    public WasiErrno PathReadlink(MemoryInstance memory, uint fd, uint path, uint pathLength, uint buffer, uint bufferLength, uint usedOut) =>
        Guard(() => PathReadlinkCore(memory, fd, path, pathLength, buffer, bufferLength, usedOut));

    private WasiErrno PathReadlinkCore(MemoryInstance memory, uint fd, uint path, uint pathLength, uint buffer, uint bufferLength, uint usedOut)
    {
        var status = Resolve(memory, fd, path, pathLength, follow: false, out var target);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        GuestMemory.CheckRange(memory, buffer, bufferLength);
        GuestMemory.CheckRange(memory, usedOut, 4);
        var link = WasiPathResolver.LinkTarget(target.Host);
        if (link is null)
        {
            return Exists(target.Host) ? WasiErrno.Invalid : WasiErrno.NoEntry;
        }

        var bytes = Encoding.UTF8.GetBytes(link);
        var count = (int)Math.Min(bufferLength, (uint)bytes.Length);
        memory.Write(buffer, bytes.AsSpan(0, count));
        GuestMemory.WriteU32(memory, usedOut, (uint)count);
        return WasiErrno.Success;
    }

    /// <summary>
    /// path_symlink: only relative targets, which the resolver re-checks every time the link is followed; an
    /// absolute target could only ever point outside the sandbox, so it is refused (EPERM).
    /// </summary>
    public WasiErrno PathSymlink(MemoryInstance memory, uint oldPath, uint oldLength, uint fd, uint newPath, uint newLength) =>
        Guard(() => PathSymlinkCore(memory, oldPath, oldLength, fd, newPath, newLength));

    private WasiErrno PathSymlinkCore(MemoryInstance memory, uint oldPath, uint oldLength, uint fd, uint newPath, uint newLength)
    {
        var status = GuestMemory.ReadPath(memory, oldPath, oldLength, out var linkTarget);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        if (linkTarget.Length == 0 || linkTarget[0] == '/' || linkTarget.Contains('\0', StringComparison.Ordinal))
        {
            return linkTarget.Length == 0 ? WasiErrno.NoEntry : WasiErrno.NotPermitted;
        }

        status = Resolve(memory, fd, newPath, newLength, follow: false, out var target);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        if (Exists(target.Host))
        {
            return WasiErrno.Exists;
        }

        File.CreateSymbolicLink(target.Host, linkTarget);
        return WasiErrno.Success;
    }

    /// <summary>path_link: hard links are not offered (the host API has none that stays inside the sandbox).</summary>
    public WasiErrno PathLink(uint oldFd, uint newFd) =>
        TryGetDescriptor(oldFd, out _) && TryGetDescriptor(newFd, out _) ? WasiErrno.NotSupported : WasiErrno.BadFd;

    // ---- helpers ----

    private WasiErrno Resolve(MemoryInstance memory, uint fd, uint path, uint pathLength, bool follow, out ResolvedPath resolved)
    {
        resolved = default;
        if (!TryGetDescriptor(fd, out var directory))
        {
            return WasiErrno.BadFd;
        }

        var status = GuestMemory.ReadPath(memory, path, pathLength, out var guestPath);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        if (directory.Kind != WasiFdKind.Directory)
        {
            return WasiErrno.NotDirectory;
        }

        var root = RootOf(directory);
        status = WasiPathResolver.Resolve(root, directory.RelativePath, guestPath, follow, out var relative);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        resolved = new ResolvedPath(directory, directory.PreopenIndex, relative, WasiPathResolver.HostPath(root, relative));
        return WasiErrno.Success;
    }

    private WasiErrno AddDescriptor(MemoryInstance memory, uint fdOut, FileStream? handle, WasiFileDescriptor descriptor)
    {
        var fd = Fds.Add(descriptor);
        if (fd < 0)
        {
            handle?.Dispose();
            return WasiErrno.TooManyFiles;
        }

        if (handle is not null)
        {
            _handles[fd] = handle;
        }

        GuestMemory.WriteU32(memory, fdOut, (uint)fd);
        return WasiErrno.Success;
    }

    private static bool Exists(string host) =>
        File.Exists(host) || Directory.Exists(host) || WasiPathResolver.LinkTarget(host) is not null;

    private static WasiFileType FileTypeAt(string host, bool follow)
    {
        if (!follow && WasiPathResolver.LinkTarget(host) is not null)
        {
            return WasiFileType.SymbolicLink;
        }

        return Directory.Exists(host) ? WasiFileType.Directory : File.Exists(host) ? WasiFileType.RegularFile : WasiFileType.Unknown;
    }

    private WasiErrno StatPath(MemoryInstance memory, int preopen, string relative, bool follow, uint statOut)
    {
        var host = WasiPathResolver.HostPath(_roots[preopen], relative);
        var type = FileTypeAt(host, follow);
        FileSystemInfo info = type == WasiFileType.Directory ? new DirectoryInfo(host) : new FileInfo(host);
        if (type == WasiFileType.Unknown || !info.Exists && type != WasiFileType.SymbolicLink)
        {
            return WasiErrno.NoEntry;
        }

        var size = type switch
        {
            WasiFileType.RegularFile => (ulong)((FileInfo)info).Length,
            WasiFileType.SymbolicLink => (ulong)Encoding.UTF8.GetByteCount(info.LinkTarget ?? ""),
            _ => 4096UL,
        };
        WriteFileStat(memory, statOut, new FileStatInfo(
            type, (ulong)(preopen + 1), InodeOf(preopen, relative), size,
            Nanoseconds(info.LastAccessTimeUtc), Nanoseconds(info.LastWriteTimeUtc)));
        return WasiErrno.Success;
    }

    private static void WriteFileStat(MemoryInstance memory, uint statOut, FileStatInfo info)
    {
        GuestMemory.CheckRange(memory, statOut, WasiLayout.FileStatSize);
        memory.Fill(statOut, 0, WasiLayout.FileStatSize);
        GuestMemory.WriteU64(memory, statOut, info.Device);
        GuestMemory.WriteU64(memory, statOut + 8, info.Inode);
        GuestMemory.WriteU8(memory, statOut + 16, (byte)info.Type);
        GuestMemory.WriteU64(memory, statOut + 24, 1);
        GuestMemory.WriteU64(memory, statOut + 32, info.Size);
        GuestMemory.WriteU64(memory, statOut + 40, info.AccessTime);
        GuestMemory.WriteU64(memory, statOut + 48, info.ModificationTime);
        GuestMemory.WriteU64(memory, statOut + 56, info.ModificationTime);
    }

    private WasiErrno SetTimes(string host, ulong accessTime, ulong modificationTime, uint flags)
    {
        var f = (WasiFstFlags)flags;
        if ((f.HasFlag(WasiFstFlags.AccessTime) && f.HasFlag(WasiFstFlags.AccessTimeNow)) ||
            (f.HasFlag(WasiFstFlags.ModificationTime) && f.HasFlag(WasiFstFlags.ModificationTimeNow)) || flags > 15)
        {
            return WasiErrno.Invalid;
        }

        var isDirectory = Directory.Exists(host);
        if (!isDirectory && !File.Exists(host))
        {
            return WasiErrno.NoEntry;
        }

        var now = FromNanoseconds(Config.Clock.RealtimeNanoseconds);
        DateTime? access = f.HasFlag(WasiFstFlags.AccessTimeNow) ? now : f.HasFlag(WasiFstFlags.AccessTime) ? FromNanoseconds(accessTime) : null;
        DateTime? modification = f.HasFlag(WasiFstFlags.ModificationTimeNow) ? now : f.HasFlag(WasiFstFlags.ModificationTime) ? FromNanoseconds(modificationTime) : null;
        if (access is DateTime a)
        {
            if (isDirectory)
            {
                Directory.SetLastAccessTimeUtc(host, a);
            }
            else
            {
                File.SetLastAccessTimeUtc(host, a);
            }
        }

        if (modification is DateTime m)
        {
            if (isDirectory)
            {
                Directory.SetLastWriteTimeUtc(host, m);
            }
            else
            {
                File.SetLastWriteTimeUtc(host, m);
            }
        }

        return WasiErrno.Success;
    }
}
