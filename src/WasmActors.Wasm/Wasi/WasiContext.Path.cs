using System.Text;
using Microsoft.Win32.SafeHandles;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Wasi;

/// <summary>
/// The path_* functions: everything that names a file relative to a directory descriptor. Each resolves its path
/// with <see cref="WasiSandbox"/> below the descriptor's held directory and then acts with an *at call on the
/// resolved parent and one final component, so nothing outside the preopen is ever reached.
/// </summary>
public sealed partial class WasiContext
{
    private const uint LookupSymlinkFollow = 1;

    /// <summary>A directory descriptor, its held host directory and the guest path to resolve below it.</summary>
    private readonly record struct PathBase(WasiFileDescriptor Descriptor, SafeFileHandle Directory, string Path);

    internal WasiErrno PathOpen(
        MemoryInstance memory, uint fd, uint lookupFlags, uint path, uint pathLength, uint openFlags,
        ulong rightsBase, ulong rightsInheriting, uint fdFlags, uint fdOut) =>
        Guard(() => PathOpenCore(memory, fd, lookupFlags, path, pathLength, openFlags, rightsBase, rightsInheriting, fdFlags, fdOut));

    private WasiErrno PathOpenCore(
        MemoryInstance memory, uint fd, uint lookupFlags, uint path, uint pathLength, uint openFlags,
        ulong rightsBase, ulong rightsInheriting, uint fdFlags, uint fdOut)
    {
        var status = ResolveBase(memory, fd, path, pathLength, out var at);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        GuestMemory.CheckOut(memory, fdOut, 4, 4);
        var flags = (WasiOpenFlags)openFlags;
        var requested = (WasiRights)rightsBase & at.Descriptor.RightsInheriting;
        var inheriting = (WasiRights)rightsInheriting & at.Descriptor.RightsInheriting;
        // Write access follows fd_write alone (or append), as in Wasmtime: a directory opened with only
        // fd_allocate or fd_filestat_set_size among its rights still opens.
        var wantsWrite = (requested & WasiRights.FdWrite) != 0 || ((WasiFdFlags)fdFlags).HasFlag(WasiFdFlags.Append);
        var wantsRead = (requested & (WasiRights.FdRead | WasiRights.FdReadDir)) != 0 || !wantsWrite;

        // A directory is always opened read-only; O_NONBLOCK keeps a FIFO from blocking the host thread in open.
        var access = flags.HasFlag(WasiOpenFlags.Directory) || !wantsWrite ? HostCalls.ReadOnly : wantsRead ? HostCalls.ReadWrite : HostCalls.WriteOnly;
        var host = access | HostCalls.NonBlock |
                   ((lookupFlags & LookupSymlinkFollow) == 0 ? HostCalls.NoFollow : 0) |
                   (flags.HasFlag(WasiOpenFlags.Directory) ? HostCalls.Directory : 0) |
                   (flags.HasFlag(WasiOpenFlags.Create) ? HostCalls.Create : 0) |
                   (flags.HasFlag(WasiOpenFlags.Exclusive) ? HostCalls.Exclusive : 0) |
                   (flags.HasFlag(WasiOpenFlags.Truncate) ? HostCalls.Truncate : 0);
        status = WasiSandbox.Open(at.Directory, at.Path, host, out var opened);
        if (status == WasiErrno.NotDirectory && (host & HostCalls.NoFollow) != 0 && IsLink(at))
        {
            // O_DIRECTORY | O_NOFOLLOW on a link: Linux says ENOTDIR, Wasmtime ELOOP (as for any final link).
            return WasiErrno.Loop;
        }

        if (status != WasiErrno.Success)
        {
            return status;
        }

        var error = HostCalls.Stat(opened, "", follow: false, out var info);
        if (error < 0 || (info.Type == HostCalls.TypeDirectory && flags.HasFlag(WasiOpenFlags.Truncate)))
        {
            opened.Dispose();
            return error < 0 ? WasiErrors.FromHostErrno(-error) : WasiErrno.IsDirectory;
        }

        var relative = RelativeOf(opened, at);
        if (info.Type == HostCalls.TypeDirectory)
        {
            return AddDescriptor(memory, fdOut, opened, null, new WasiFileDescriptor
            {
                Kind = WasiFdKind.Directory,
                PreopenIndex = at.Descriptor.PreopenIndex,
                RelativePath = relative,
                RightsBase = requested & WasiRightSets.Directory,
                RightsInheriting = inheriting,
                Flags = (WasiFdFlags)fdFlags,
                CanRead = true,
            });
        }

        return AddDescriptor(memory, fdOut, null, FileOver(opened, access), new WasiFileDescriptor
        {
            Kind = WasiFdKind.File,
            PreopenIndex = at.Descriptor.PreopenIndex,
            RelativePath = relative,
            RightsBase = requested & WasiRightSets.File,
            RightsInheriting = inheriting,
            Flags = (WasiFdFlags)fdFlags,
            CanRead = wantsRead,
            CanWrite = wantsWrite,
        });
    }

    internal WasiErrno PathCreateDirectory(MemoryInstance memory, uint fd, uint path, uint pathLength) =>
        Guard(() => AtParent(memory, fd, path, pathLength, (parent, name, _) => HostCalls.MakeDirectory(parent, name)));

    internal WasiErrno PathRemoveDirectory(MemoryInstance memory, uint fd, uint path, uint pathLength) =>
        Guard(() => AtParent(memory, fd, path, pathLength, (parent, name, _) => HostCalls.Unlink(parent, name, removeDirectory: true)));

    /// <summary>
    /// path_unlink_file: unlinkat never follows the final link, so a link is removed itself. A trailing '/' names a
    /// directory, so nothing is removed: what the path resolves to (inside) says EISDIR or ENOTDIR, as in Wasmtime.
    /// </summary>
    internal WasiErrno PathUnlinkFile(MemoryInstance memory, uint fd, uint path, uint pathLength) =>
        Guard(() => PathUnlinkFileCore(memory, fd, path, pathLength));

    private WasiErrno PathUnlinkFileCore(MemoryInstance memory, uint fd, uint path, uint pathLength)
    {
        var status = ResolveBase(memory, fd, path, pathLength, out var at);
        if (status != WasiErrno.Success || !at.Path.EndsWith('/'))
        {
            return status != WasiErrno.Success ? status
                : AtParent(memory, fd, path, pathLength, (parent, name, _) => HostCalls.Unlink(parent, name, removeDirectory: false));
        }

        status = WasiSandbox.Open(at.Directory, at.Path, HostCalls.PathOnly, out var opened);
        opened?.Dispose();
        return status == WasiErrno.Success ? WasiErrno.IsDirectory : status;
    }

    internal WasiErrno PathRename(MemoryInstance memory, uint fd, uint oldPath, uint oldLength, uint newFd, uint newPath, uint newLength) =>
        Guard(() => AtParent(memory, fd, oldPath, oldLength, (from, fromName, fromSlash) =>
        {
            var status = ResolveParent(memory, newFd, newPath, newLength, out var to, out var toName, out var toSlash);
            if (status != WasiErrno.Success)
            {
                return -(int)status - 1_000;
            }

            using (to)
            {
                return HostCalls.Rename(from, fromSlash ? fromName + "/" : fromName, to, toSlash ? toName + "/" : toName);
            }
        }));

    internal WasiErrno PathFilestatGet(MemoryInstance memory, uint fd, uint lookupFlags, uint path, uint pathLength, uint statOut) =>
        Guard(() => PathFilestatGetCore(memory, fd, lookupFlags, path, pathLength, statOut));

    private WasiErrno PathFilestatGetCore(MemoryInstance memory, uint fd, uint lookupFlags, uint path, uint pathLength, uint statOut)
    {
        var status = ResolveBase(memory, fd, path, pathLength, out var at);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        GuestMemory.CheckOut(memory, statOut, WasiLayout.FileStatSize, 8);
        var follow = (lookupFlags & LookupSymlinkFollow) != 0;
        status = WasiSandbox.Open(at.Directory, at.Path, HostCalls.PathOnly | (follow ? 0 : HostCalls.NoFollow), out var opened);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        using (opened)
        {
            var error = HostCalls.Stat(opened, "", follow: false, out var info);
            if (error < 0)
            {
                return WasiErrors.FromHostErrno(-error);
            }

            WriteFileStat(memory, statOut, at.Descriptor.PreopenIndex, RelativeOf(opened, at), info);
            return WasiErrno.Success;
        }
    }

    internal WasiErrno PathFilestatSetTimes(
        MemoryInstance memory, uint fd, uint lookupFlags, uint path, uint pathLength, ulong accessTime, ulong modificationTime, uint flags) =>
        Guard(() => PathFilestatSetTimesCore(memory, fd, lookupFlags, path, pathLength, accessTime, modificationTime, flags));

    private WasiErrno PathFilestatSetTimesCore(
        MemoryInstance memory, uint fd, uint lookupFlags, uint path, uint pathLength, ulong accessTime, ulong modificationTime, uint flags)
    {
        var status = ResolveBase(memory, fd, path, pathLength, out var at);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        if (!TryTimes(accessTime, modificationTime, flags, out var access, out var modification))
        {
            return WasiErrno.Invalid;
        }

        // utimensat cannot act on an O_PATH descriptor, so the final link (if followed) is resolved by hand and the
        // call made on its parent directory with the last name, never following.
        status = WasiSandbox.OpenFinal(at.Directory, at.Path, (lookupFlags & LookupSymlinkFollow) != 0, out var parent, out var name);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        using (parent)
        {
            var error = HostCalls.SetTimes(parent, name, access, modification, follow: false);
            return error < 0 ? WasiErrors.FromHostErrno(-error) : WasiErrno.Success;
        }
    }

    internal WasiErrno PathReadlink(MemoryInstance memory, uint fd, uint path, uint pathLength, uint buffer, uint bufferLength, uint usedOut) =>
        Guard(() => PathReadlinkCore(memory, fd, path, pathLength, buffer, bufferLength, usedOut));

    private WasiErrno PathReadlinkCore(MemoryInstance memory, uint fd, uint path, uint pathLength, uint buffer, uint bufferLength, uint usedOut)
    {
        var status = ResolveParent(memory, fd, path, pathLength, out var parent, out var name, out var trailingSlash);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        byte[]? bytes;
        int error;
        using (parent)
        {
            // With a trailing '/' the kernel would follow the last link; the sandbox resolves it instead: a
            // directory is no link (EINVAL), anything else answers as its lookup does (ENOTDIR, EPERM...).
            if (trailingSlash)
            {
                ResolveBase(memory, fd, path, pathLength, out var at);
                status = WasiSandbox.Open(at.Directory, at.Path, HostCalls.PathOnly, out var opened);
                opened?.Dispose();
                bytes = null;
                error = -HostCalls.EINVAL;
                if (status != WasiErrno.Success)
                {
                    return status;
                }
            }
            else
            {
                bytes = HostCalls.ReadLink(parent, name, out error);
            }
        }

        GuestMemory.CheckRange(memory, buffer, bufferLength);
        GuestMemory.CheckOut(memory, usedOut, 4, 4);
        if (bytes is null)
        {
            return WasiErrors.FromHostErrno(-error);
        }

        var count = (int)Math.Min(bufferLength, (uint)bytes.Length);
        memory.Write(buffer, bytes.AsSpan(0, count));
        GuestMemory.WriteU32(memory, usedOut, (uint)count);
        return WasiErrno.Success;
    }

    /// <summary>
    /// path_symlink: only relative targets; the kernel (or the walk) refuses any later lookup through the link that
    /// would leave the preopen. An absolute target could only ever point outside the sandbox, so it is refused (EPERM).
    /// </summary>
    internal WasiErrno PathSymlink(MemoryInstance memory, uint oldPath, uint oldLength, uint fd, uint newPath, uint newLength) =>
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

        return AtParent(memory, fd, newPath, newLength, (parent, name, slash) => HostCalls.Symlink(linkTarget, parent, slash ? name + "/" : name));
    }

    /// <summary>path_link: hard links are not offered (the host API has none that stays inside the sandbox).</summary>
    internal WasiErrno PathLink(uint oldFd, uint newFd) =>
        TryGetDescriptor(oldFd, out _) && TryGetDescriptor(newFd, out _) ? WasiErrno.NotSupported : WasiErrno.BadFd;

    // ---- helpers ----

    /// <summary>Whether the path names a symbolic link itself (its last component not followed).</summary>
    private static bool IsLink(PathBase at)
    {
        if (WasiSandbox.Open(at.Directory, at.Path, HostCalls.PathOnly | HostCalls.NoFollow, out var opened) != WasiErrno.Success)
        {
            return false;
        }

        using (opened)
        {
            return HostCalls.Stat(opened, "", follow: false, out var info) >= 0 && info.Type == HostCalls.TypeLink;
        }
    }

    /// <summary>Checks the descriptor, reads the guest path and finds the held directory to resolve it below.</summary>
    private WasiErrno ResolveBase(MemoryInstance memory, uint fd, uint path, uint pathLength, out PathBase at)
    {
        at = default;
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

        at = new PathBase(directory, DirectoryOf((int)fd, directory), guestPath);
        return WasiErrno.Success;
    }

    /// <summary>The parent directory (held open, O_PATH) and final component of a guest path.</summary>
    private WasiErrno ResolveParent(MemoryInstance memory, uint fd, uint path, uint pathLength, out SafeFileHandle parent, out string name, out bool trailingSlash)
    {
        parent = null!;
        name = "";
        trailingSlash = false;
        var status = ResolveBase(memory, fd, path, pathLength, out var at);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        if (at.Path.Contains('\0', StringComparison.Ordinal))
        {
            return WasiErrno.Invalid;
        }

        return WasiSandbox.OpenParent(at.Directory, at.Path, out parent, out name, out trailingSlash);
    }

    /// <summary>
    /// Runs one *at call on the resolved parent and final name. The call returns a host result (-errno on failure);
    /// a value below -1000 carries a WASI errno found on the way (as -1000 - errno).
    /// </summary>
    private WasiErrno AtParent(MemoryInstance memory, uint fd, uint path, uint pathLength, Func<SafeFileHandle, string, bool, int> call)
    {
        var status = ResolveParent(memory, fd, path, pathLength, out var parent, out var name, out var trailingSlash);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        using (parent)
        {
            var result = call(parent, name, trailingSlash);
            return result >= 0 ? WasiErrno.Success
                : result < -1_000 ? (WasiErrno)(-result - 1_000)
                : WasiErrors.FromHostErrno(-result);
        }
    }

    /// <summary>
    /// Where a newly opened file lies below its preopen, for the snapshot: the kernel's name for it when that lies
    /// below the root's, else the guest's path joined to the directory's. Only ever re-resolved through
    /// <see cref="WasiSandbox"/>, so a wrong or stale name cannot lead outside.
    /// </summary>
    private string RelativeOf(SafeFileHandle opened, PathBase at) =>
        KernelRelative(opened, at.Descriptor.PreopenIndex)
        ?? string.Join('/', (at.Descriptor.RelativePath + "/" + at.Path).Split('/').Where(p => p is not ("" or ".")));

    /// <summary>The kernel's name for a held descriptor (links resolved) relative to its preopen, or null when it is not below it (or deleted).</summary>
    private string? KernelRelative(SafeFileHandle handle, int preopen)
    {
        var root = _rootNames[preopen];
        var name = HostCalls.PathOf(handle);
        if (root is null || name is null || name.EndsWith(" (deleted)", StringComparison.Ordinal))
        {
            return null;
        }

        if (name == root)
        {
            return "";
        }

        var prefix = root == "/" ? "/" : root + "/";
        return name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : null;
    }

    private WasiErrno AddDescriptor(MemoryInstance memory, uint fdOut, SafeFileHandle? directory, FileStream? file, WasiFileDescriptor descriptor)
    {
        var fd = Fds.Add(descriptor);
        if (fd < 0)
        {
            directory?.Dispose();
            file?.Dispose();
            return WasiErrno.TooManyFiles;
        }

        if (directory is not null)
        {
            _directories[fd] = directory;
        }

        if (file is not null)
        {
            _handles[fd] = file;
        }

        GuestMemory.WriteU32(memory, fdOut, (uint)fd);
        return WasiErrno.Success;
    }

    private static WasiFileType FileTypeOf(uint hostType) => hostType switch
    {
        HostCalls.TypeDirectory => WasiFileType.Directory,
        HostCalls.TypeRegular => WasiFileType.RegularFile,
        HostCalls.TypeLink => WasiFileType.SymbolicLink,
        HostCalls.TypeCharacter => WasiFileType.CharacterDevice,
        HostCalls.TypeBlock => WasiFileType.BlockDevice,
        HostCalls.TypeSocket => WasiFileType.SocketStream,
        _ => WasiFileType.Unknown,
    };

    private static void WriteFileStat(MemoryInstance memory, uint statOut, int preopen, string relative, HostCalls.FileStatus info)
    {
        GuestMemory.CheckOut(memory, statOut, WasiLayout.FileStatSize, 8);
        memory.Fill(statOut, 0, WasiLayout.FileStatSize);
        GuestMemory.WriteU64(memory, statOut, (ulong)(preopen + 1));
        GuestMemory.WriteU64(memory, statOut + 8, InodeOf(preopen, relative));
        GuestMemory.WriteU8(memory, statOut + 16, (byte)FileTypeOf(info.Type));
        GuestMemory.WriteU64(memory, statOut + 24, 1);
        GuestMemory.WriteU64(memory, statOut + 32, info.Size);
        GuestMemory.WriteU64(memory, statOut + 40, info.AccessTime);
        GuestMemory.WriteU64(memory, statOut + 48, info.ModificationTime);
        GuestMemory.WriteU64(memory, statOut + 56, info.ModificationTime);
    }

    /// <summary>The utimensat times for fst flags; "now" is the configured clock's, so a manual clock stays in charge.</summary>
    private bool TryTimes(ulong accessTime, ulong modificationTime, uint flags, out HostCalls.TimeSpec access, out HostCalls.TimeSpec modification)
    {
        var f = (WasiFstFlags)flags;
        access = modification = default;
        if ((f.HasFlag(WasiFstFlags.AccessTime) && f.HasFlag(WasiFstFlags.AccessTimeNow)) ||
            (f.HasFlag(WasiFstFlags.ModificationTime) && f.HasFlag(WasiFstFlags.ModificationTimeNow)) || flags > 15)
        {
            return false;
        }

        var now = Config.Clock.RealtimeNanoseconds;
        access = Time(f.HasFlag(WasiFstFlags.AccessTimeNow) ? now : f.HasFlag(WasiFstFlags.AccessTime) ? accessTime : null);
        modification = Time(f.HasFlag(WasiFstFlags.ModificationTimeNow) ? now : f.HasFlag(WasiFstFlags.ModificationTime) ? modificationTime : null);
        return true;
    }

    private static HostCalls.TimeSpec Time(ulong? nanoseconds) => nanoseconds is ulong n
        ? new HostCalls.TimeSpec { Seconds = (long)(n / 1_000_000_000), Nanoseconds = (long)(n % 1_000_000_000) }
        : new HostCalls.TimeSpec { Nanoseconds = HostCalls.TimeSpec.Omit };
}
