using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace WasmActors.Wasm.Wasi;

/// <summary>
/// The Linux *at system calls the WASI sandbox is built on. Every call takes a directory descriptor the host holds
/// and at most one path component the resolver already checked, so no host path string is ever joined or reopened.
/// Results are the host errno as a negative number (or a non-negative value on success), never exceptions.
/// Flag values are Linux's for x86-64 and arm64 (O_DIRECTORY and O_NOFOLLOW differ between them).
/// </summary>
internal static unsafe partial class HostCalls
{
    public const int ReadOnly = 0;
    public const int WriteOnly = 1;
    public const int ReadWrite = 2;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int Truncate = 0x200;
    public const int NonBlock = 0x800;
    public const int CloseOnExec = 0x80000;
    public const int PathOnly = 0x200000;

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtRemoveDir = 0x200;
    public const int AtEmptyPath = 0x1000;

    public const int ENOENT = 2;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENOTDIR = 20;
    public const int EINVAL = 22;
    public const int ELOOP = 40;
    public const int ENOSYS = 38;
    public const int EPERM = 1;

    public const uint TypeMask = 0xF000;
    public const uint TypeDirectory = 0x4000;
    public const uint TypeRegular = 0x8000;
    public const uint TypeLink = 0xA000;
    public const uint TypeCharacter = 0x2000;
    public const uint TypeBlock = 0x6000;
    public const uint TypeSocket = 0xC000;

    private const long SysOpenat2 = 437;

    private static readonly bool IsArm = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    public static int Directory => IsArm ? 0x4000 : 0x10000;

    public static int NoFollow => IsArm ? 0x8000 : 0x20000;

    /// <summary>Bytes of the x86-64/arm64 <c>struct statx</c>.</summary>
    private const int StatxSize = 256;

    /// <summary>What <see cref="Stat"/> reports about a file.</summary>
    public readonly record struct FileStatus(uint Mode, ulong Size, long AccessSeconds, uint AccessNanoseconds, long ModifySeconds, uint ModifyNanoseconds)
    {
        public uint Type => Mode & TypeMask;

        public ulong AccessTime => ToNanoseconds(AccessSeconds, AccessNanoseconds);

        public ulong ModificationTime => ToNanoseconds(ModifySeconds, ModifyNanoseconds);

        private static ulong ToNanoseconds(long seconds, uint nanoseconds) =>
            seconds < 0 ? 0 : (ulong)seconds * 1_000_000_000UL + nanoseconds;
    }

    /// <summary>A <c>struct timespec</c>; <see cref="Now"/> and <see cref="Omit"/> are utimensat's special values.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public const long Now = (1L << 30) - 1;
        public const long Omit = (1L << 30) - 2;

        public long Seconds;
        public long Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    /// <summary>openat2(2) with the given resolve flags; -errno on failure (-ENOSYS before Linux 5.6).</summary>
    public static int OpenAt2(SafeFileHandle directory, string path, int flags, uint mode, ulong resolve)
    {
        var how = new OpenHow { Flags = (ulong)(uint)(flags | CloseOnExec), Mode = (flags & Create) != 0 ? mode : 0, Resolve = resolve };
        var bytes = Terminated(path);
        var added = false;
        try
        {
            directory.DangerousAddRef(ref added);
            fixed (byte* p = bytes)
            {
                var result = (int)syscall(SysOpenat2, directory.DangerousGetHandle(), (nint)p, (nint)(&how), sizeof(OpenHow));
                return result >= 0 ? result : -Marshal.GetLastPInvokeError();
            }
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }
    }

    /// <summary>openat(2) of a single component (or "." / ""), -errno on failure.</summary>
    public static int OpenAt(SafeFileHandle directory, string name, int flags, uint mode) =>
        WithPath(directory, name, (fd, p) => Check(openat(fd, p, flags | CloseOnExec, mode)));

    /// <summary>Opens a host directory by its absolute path: only for the preopens, when the sandbox is set up.</summary>
    public static int OpenDirectory(string hostPath)
    {
        fixed (byte* p = Terminated(hostPath))
        {
            return Check(openat(AtFdCwd, p, ReadOnly | Directory | CloseOnExec, 0));
        }
    }

    public static int MakeDirectory(SafeFileHandle directory, string name) =>
        WithPath(directory, name, (fd, p) => Check(mkdirat(fd, p, 0x1FF)));

    public static int Unlink(SafeFileHandle directory, string name, bool removeDirectory) =>
        WithPath(directory, name, (fd, p) => Check(unlinkat(fd, p, removeDirectory ? AtRemoveDir : 0)));

    public static int Rename(SafeFileHandle fromDirectory, string fromName, SafeFileHandle toDirectory, string toName) =>
        WithPath(fromDirectory, fromName, (from, p) =>
            WithPath(toDirectory, toName, (to, q) => Check(renameat(from, p, to, q))));

    public static int Symlink(string target, SafeFileHandle directory, string name)
    {
        fixed (byte* t = Terminated(target))
        {
            var targetPointer = t;
            return WithPath(directory, name, (fd, p) => Check(symlinkat(targetPointer, fd, p)));
        }
    }

    /// <summary>readlinkat(2): the link's text, or null with <paramref name="errno"/> set.</summary>
    public static byte[]? ReadLink(SafeFileHandle directory, string name, out int errno)
    {
        var buffer = new byte[4096];
        var length = 0;
        fixed (byte* b = buffer)
        {
            var bufferPointer = b;
            errno = WithPath(directory, name, (fd, p) =>
            {
                var n = (int)readlinkat(fd, p, bufferPointer, (nuint)buffer.Length);
                length = n;
                return n >= 0 ? 0 : -Marshal.GetLastPInvokeError();
            });
        }

        return errno < 0 ? null : buffer[..length];
    }

    /// <summary>statx(2) of <paramref name="name"/> below <paramref name="directory"/>, or of the descriptor itself when it is "".</summary>
    public static int Stat(SafeFileHandle directory, string name, bool follow, out FileStatus status)
    {
        var buffer = stackalloc byte[StatxSize];
        var flags = (follow ? 0 : AtSymlinkNoFollow) | (name.Length == 0 ? AtEmptyPath : 0);
        var result = WithPath(directory, name, (fd, p) => Check(statx(fd, p, flags, 0x7FF, buffer)));
        status = result < 0 ? default : new FileStatus(
            *(ushort*)(buffer + 28), *(ulong*)(buffer + 40),
            *(long*)(buffer + 64), *(uint*)(buffer + 72), *(long*)(buffer + 112), *(uint*)(buffer + 120));
        return result;
    }

    /// <summary>utimensat(2) of one component below a held directory.</summary>
    public static int SetTimes(SafeFileHandle directory, string name, TimeSpec access, TimeSpec modification, bool follow)
    {
        var times = stackalloc TimeSpec[2] { access, modification };
        return WithPath(directory, name, (fd, p) => Check(utimensat(fd, p, times, follow ? 0 : AtSymlinkNoFollow)));
    }

    /// <summary>futimens(3) on a held descriptor.</summary>
    public static int SetTimes(SafeFileHandle file, TimeSpec access, TimeSpec modification)
    {
        var times = stackalloc TimeSpec[2] { access, modification };
        return WithPath(file, null, (fd, _) => Check(futimens(fd, times)));
    }

    /// <summary>
    /// The entries of a held directory (name and d_type), read with getdents64 on the held descriptor itself from
    /// its start (a fresh openat of "." would fail once the directory is deleted, where Wasmtime still lists it).
    /// </summary>
    public static int ReadDirectory(SafeFileHandle directory, List<(string Name, byte Type)> entries)
    {
        var added = false;
        try
        {
            directory.DangerousAddRef(ref added);
            return ReadDirectory((int)directory.DangerousGetHandle(), entries);
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }
    }

    private static int ReadDirectory(int fd, List<(string Name, byte Type)> entries)
    {
        if (lseek(fd, 0, 0) < 0)
        {
            return -Marshal.GetLastPInvokeError();
        }

        var buffer = new byte[32 * 1024];
        while (true)
        {
            int read;
            fixed (byte* b = buffer)
            {
                read = (int)getdents64(fd, b, (nuint)buffer.Length);
            }

            if (read < 0)
            {
                // A deleted directory answers ENOENT: it has no entries left, which Wasmtime lists as just "." and "..".
                var errno = Marshal.GetLastPInvokeError();
                return errno == ENOENT ? 0 : -errno;
            }

            if (read == 0)
            {
                return 0;
            }

            // struct linux_dirent64: u64 d_ino, i64 d_off, u16 d_reclen, u8 d_type, char d_name[].
            for (var at = 0; at < read;)
            {
                var length = BitConverter.ToUInt16(buffer, at + 16);
                var type = buffer[at + 18];
                var nameStart = at + 19;
                var nameEnd = Array.IndexOf(buffer, (byte)0, nameStart, at + length - nameStart);
                entries.Add((Encoding.UTF8.GetString(buffer, nameStart, (nameEnd < 0 ? at + length : nameEnd) - nameStart), type));
                at += length;
            }
        }
    }

    /// <summary>The kernel's name for an open descriptor (readlink of /proc/self/fd/N): only read, never opened.</summary>
    public static string? PathOf(SafeFileHandle handle)
    {
        try
        {
            return new FileInfo("/proc/self/fd/" + handle.DangerousGetHandle()).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private delegate int PathCall(nint fd, byte* path);

    private static int WithPath(SafeFileHandle handle, string? name, PathCall call)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (name is null)
            {
                return call(handle.DangerousGetHandle(), null);
            }

            fixed (byte* p = Terminated(name))
            {
                return call(handle.DangerousGetHandle(), p);
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static int Check(int result) => result >= 0 ? result : -Marshal.GetLastPInvokeError();

    private static byte[] Terminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, nint a, nint b, nint c, nint d);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int openat(nint directory, byte* path, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int mkdirat(nint directory, byte* path, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unlinkat(nint directory, byte* path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int renameat(nint fromDirectory, byte* from, nint toDirectory, byte* to);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int symlinkat(byte* target, nint directory, byte* path);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint readlinkat(nint directory, byte* path, byte* buffer, nuint size);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int statx(nint directory, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int utimensat(nint directory, byte* path, TimeSpec* times, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial long lseek(int fd, long offset, int whence);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int futimens(nint fd, TimeSpec* times);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint getdents64(int fd, byte* buffer, nuint count);
}
