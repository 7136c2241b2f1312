using Microsoft.Win32.SafeHandles;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Wasi;

/// <summary>
/// The host side of one WASI program: its configuration, its file descriptor table and the host files behind it.
/// Each preview1 function is a public method taking the guest's memory and raw arguments and returning an errno, so
/// it can be called directly (tests) or through <see cref="WasiModule"/>'s host functions. Not thread-safe: one
/// program, one thread.
/// </summary>
public sealed partial class WasiContext : IDisposable
{
    /// <summary>The preopened directories, held open: every guest path is resolved below one of these.</summary>
    private readonly SafeFileHandle[] _roots;

    /// <summary>The kernel's name for each root, to record a descriptor's place below it (never reopened by name).</summary>
    private readonly string?[] _rootNames;

    /// <summary>Open host files by fd. Never part of a snapshot: rebuilt on demand from <see cref="Fds"/>.</summary>
    private readonly Dictionary<int, FileStream> _handles = [];

    /// <summary>Open host directories by fd (preopens are in <see cref="_roots"/>); rebuilt like <see cref="_handles"/>.</summary>
    private readonly Dictionary<int, SafeFileHandle> _directories = [];

    /// <summary>Wakes a guest sleeping in poll_oneoff (see <see cref="Interrupt"/>); guarded by <see cref="_sleepLock"/>.</summary>
    private readonly ManualResetEvent _interrupt = new(false);
    private readonly Lock _sleepLock = new();
    private bool _sleeping;

    public WasiContext(WasiConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.MaxTransferBytes, 1, nameof(config));
        Config = config;
        Fds = new WasiFdTable(config.MaxOpenFiles);
        _roots = new SafeFileHandle[config.Preopens.Count];
        _rootNames = new string?[_roots.Length];
        for (var i = 0; i < _roots.Length; i++)
        {
            var fd = HostCalls.OpenDirectory(Path.GetFullPath(config.Preopens[i].HostPath));
            if (fd < 0)
            {
                foreach (var opened in _roots[..i])
                {
                    opened.Dispose();
                }

                throw new DirectoryNotFoundException($"preopened directory \"{config.Preopens[i].HostPath}\" does not exist");
            }

            _roots[i] = new SafeFileHandle(fd, ownsHandle: true);
            _rootNames[i] = HostCalls.PathOf(_roots[i]);
        }

        Fds.Set(0, StreamDescriptor(WasiFdKind.StandardInput));
        Fds.Set(1, StreamDescriptor(WasiFdKind.StandardOutput));
        Fds.Set(2, StreamDescriptor(WasiFdKind.StandardError));
        for (var i = 0; i < _roots.Length; i++)
        {
            Fds.Add(new WasiFileDescriptor
            {
                Kind = WasiFdKind.Directory,
                PreopenIndex = i,
                PreopenGuestPath = config.Preopens[i].GuestPath,
                RightsBase = WasiRightSets.Directory,
                RightsInheriting = WasiRightSets.DirectoryInheriting,
                CanRead = true,
            });
        }
    }

    public WasiConfig Config { get; }

    /// <summary>
    /// Rebuilds a context from a stored descriptor table (a snapshot's), with the preopens re-mapped by
    /// <paramref name="config"/>. The descriptors are copied; host files are re-opened on first use.
    /// </summary>
    internal static WasiContext Restore(WasiConfig config, IReadOnlyDictionary<int, WasiFileDescriptor> descriptors)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        var context = new WasiContext(config);
        foreach (var (fd, descriptor) in descriptors)
        {
            if (fd < 0 || descriptor.PreopenIndex >= context._roots.Length || (descriptor.PreopenIndex < 0 && !descriptor.IsStream))
            {
                context.Dispose();
                throw new ArgumentException($"descriptor {fd} names preopen {descriptor.PreopenIndex}, which the configuration does not have", nameof(descriptors));
            }
        }

        context.Fds.Load(descriptors.Select(d => KeyValuePair.Create(d.Key, d.Value with { })));
        return context;
    }

    /// <summary>
    /// Brings each open descriptor's recorded path up to where its file is now (a directory on the way may have been
    /// renamed since it was opened), so a snapshot taken now reopens the same file. A file that was deleted or
    /// moved out of its preopen keeps its old path; resolving that after a restore fails instead of escaping.
    /// </summary>
    internal void RecordCurrentPaths()
    {
        foreach (var (fd, handle) in _handles)
        {
            RecordCurrentPath(fd, handle.SafeFileHandle);
        }

        foreach (var (fd, directory) in _directories)
        {
            RecordCurrentPath(fd, directory);
        }
    }

    private void RecordCurrentPath(int fd, SafeFileHandle handle)
    {
        if (Fds.TryGet(fd, out var descriptor) && KernelRelative(handle, descriptor.PreopenIndex) is { } now && now != descriptor.RelativePath)
        {
            Fds.Set(fd, descriptor with { RelativePath = now });
        }
    }

    /// <summary>The descriptor table: plain data, what a snapshot stores.</summary>
    internal WasiFdTable Fds { get; }

    /// <summary>
    /// Ends a sleep in poll_oneoff early (the guest sees EINTR), so a host that wants to pause or stop the program
    /// (together with the machine's pause request) does not wait for a long sleep. Safe from any thread; when the
    /// guest is not sleeping it does nothing, so no later sleep is cut short by it.
    /// </summary>
    public void Interrupt()
    {
        lock (_sleepLock)
        {
            if (_sleeping)
            {
                _interrupt.Set();
            }
        }
    }

    /// <summary>True while the guest sleeps in poll_oneoff.</summary>
    internal bool IsSleeping
    {
        get
        {
            lock (_sleepLock)
            {
                return _sleeping;
            }
        }
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        foreach (var handle in _handles.Values)
        {
            handle.Dispose();
        }

        _handles.Clear();
        foreach (var directory in _directories.Values)
        {
            directory.Dispose();
        }

        _directories.Clear();
        foreach (var root in _roots)
        {
            root.Dispose();
        }
    }

    // ---- proc, sched, random ----

    /// <summary>proc_exit: unwinds the guest with <see cref="WasiExitException"/>.</summary>
    internal static void ProcExit(uint code) => throw new WasiExitException((int)code);

    internal static WasiErrno SchedYield()
    {
        Thread.Yield();
        return WasiErrno.Success;
    }

    internal WasiErrno RandomGet(MemoryInstance memory, uint buffer, uint length)
    {
        GuestMemory.CheckRange(memory, buffer, length);
        Span<byte> chunk = stackalloc byte[4096];
        var done = 0u;
        while (done < length)
        {
            var slice = chunk[..(int)Math.Min((uint)chunk.Length, length - done)];
            Config.Random.Fill(slice);
            memory.Write(buffer + done, slice);
            done += (uint)slice.Length;
        }

        return WasiErrno.Success;
    }

    // ---- args and environ ----

    internal WasiErrno ArgsSizesGet(MemoryInstance memory, uint countOut, uint bufferSizeOut) =>
        SizesGet(memory, Config.Arguments, countOut, bufferSizeOut);

    internal WasiErrno ArgsGet(MemoryInstance memory, uint pointers, uint buffer)
    {
        GuestMemory.WriteStringList(memory, Config.Arguments, pointers, buffer);
        return WasiErrno.Success;
    }

    internal WasiErrno EnvironSizesGet(MemoryInstance memory, uint countOut, uint bufferSizeOut) =>
        SizesGet(memory, Config.Environment, countOut, bufferSizeOut);

    internal WasiErrno EnvironGet(MemoryInstance memory, uint pointers, uint buffer)
    {
        GuestMemory.WriteStringList(memory, Config.Environment, pointers, buffer);
        return WasiErrno.Success;
    }

    private static WasiErrno SizesGet(MemoryInstance memory, IReadOnlyList<string> strings, uint countOut, uint bufferSizeOut)
    {
        GuestMemory.CheckOut(memory, countOut, 4, 4);
        GuestMemory.CheckOut(memory, bufferSizeOut, 4, 4);
        GuestMemory.WriteU32(memory, countOut, (uint)strings.Count);
        GuestMemory.WriteU32(memory, bufferSizeOut, GuestMemory.EncodedSize(strings));
        return WasiErrno.Success;
    }

    // ---- clocks ----

    internal WasiErrno ClockResGet(MemoryInstance memory, uint clockId, uint resolutionOut)
    {
        if (clockId > (uint)WasiClockId.ThreadCpuTime)
        {
            return WasiErrno.Invalid;
        }

        GuestMemory.WriteU64(memory, resolutionOut, Config.Clock.ResolutionNanoseconds);
        return WasiErrno.Success;
    }

    internal WasiErrno ClockTimeGet(MemoryInstance memory, uint clockId, ulong precision, uint timeOut)
    {
        _ = precision; // a hint; the host's clocks are always as precise as they can be
        if (!TryReadClock(clockId, out var now))
        {
            return WasiErrno.Invalid;
        }

        GuestMemory.WriteU64(memory, timeOut, now);
        return WasiErrno.Success;
    }

    // ---- descriptor helpers ----

    /// <summary>
    /// Runs a function that touches the host file system and turns the host's failures into errno values, so no
    /// host exception ever reaches the guest. Traps and <see cref="WasiExitException"/> still propagate.
    /// </summary>
    private static WasiErrno Guard(Func<WasiErrno> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is not WasmException and not WasiExitException)
        {
            return WasiErrors.FromException(e);
        }
    }

    private static WasiFileDescriptor StreamDescriptor(WasiFdKind kind) => new()
    {
        Kind = kind,
        RightsBase = WasiRightSets.Stream,
        RightsInheriting = WasiRights.None,
        CanRead = kind == WasiFdKind.StandardInput,
        CanWrite = kind != WasiFdKind.StandardInput,
    };

    private bool TryGetDescriptor(uint fd, out WasiFileDescriptor descriptor)
    {
        descriptor = null!;
        return fd <= int.MaxValue && Fds.TryGet((int)fd, out descriptor);
    }

    private Stream StreamOf(WasiFileDescriptor descriptor) => descriptor.Kind switch
    {
        WasiFdKind.StandardInput => Config.StandardInput,
        WasiFdKind.StandardOutput => Config.StandardOutput,
        _ => Config.StandardError,
    };

    /// <summary>
    /// The open host file behind a file descriptor. After a restore the table has descriptors but no handles: the file
    /// is re-opened (never created or truncated) with the access it had, by resolving its recorded path below its
    /// preopen's held directory, so a path that now leads outside fails (EPERM) instead of opening anything there.
    /// </summary>
    private FileStream HandleOf(int fd, WasiFileDescriptor descriptor)
    {
        if (_handles.TryGetValue(fd, out var handle))
        {
            return handle;
        }

        var access = descriptor.CanWrite ? (descriptor.CanRead ? HostCalls.ReadWrite : HostCalls.WriteOnly) : HostCalls.ReadOnly;
        var status = WasiSandbox.Open(_roots[descriptor.PreopenIndex], OrDot(descriptor.RelativePath), access | HostCalls.NonBlock, out var file);
        if (status != WasiErrno.Success)
        {
            throw new WasiErrnoException(status);
        }

        if (HostCalls.Stat(file, "", follow: false, out var info) < 0 || info.Type != HostCalls.TypeRegular)
        {
            file.Dispose();
            throw new WasiErrnoException(info.Type == HostCalls.TypeDirectory ? WasiErrno.IsDirectory : WasiErrno.BadFd);
        }

        handle = FileOver(file, access);
        _handles[fd] = handle;
        return handle;
    }

    /// <summary>The held host directory behind a directory descriptor, re-resolved below its preopen after a restore.</summary>
    private SafeFileHandle DirectoryOf(int fd, WasiFileDescriptor descriptor)
    {
        if (descriptor.RelativePath.Length == 0)
        {
            return _roots[descriptor.PreopenIndex];
        }

        if (_directories.TryGetValue(fd, out var directory))
        {
            return directory;
        }

        var status = WasiSandbox.Open(_roots[descriptor.PreopenIndex], descriptor.RelativePath, HostCalls.ReadOnly | HostCalls.Directory, out directory);
        if (status != WasiErrno.Success)
        {
            throw new WasiErrnoException(status);
        }

        _directories[fd] = directory;
        return directory;
    }

    private static FileStream FileOver(SafeFileHandle file, int access) =>
        new(file, access switch
        {
            HostCalls.ReadOnly => FileAccess.Read,
            HostCalls.WriteOnly => FileAccess.Write,
            _ => FileAccess.ReadWrite,
        }, bufferSize: 0);

    private static string OrDot(string relative) => relative.Length == 0 ? "." : relative;

    private void CloseHandle(int fd)
    {
        if (_handles.Remove(fd, out var handle))
        {
            handle.Dispose();
        }

        if (_directories.Remove(fd, out var directory))
        {
            directory.Dispose();
        }
    }

    private static ulong Nanoseconds(DateTime utc) =>
        utc <= DateTime.UnixEpoch ? 0 : (ulong)(utc - DateTime.UnixEpoch).Ticks * 100;

    private static DateTime FromNanoseconds(ulong nanoseconds) =>
        DateTime.UnixEpoch.AddTicks((long)Math.Min(nanoseconds / 100, (ulong)(DateTime.MaxValue - DateTime.UnixEpoch).Ticks));

    /// <summary>A stable stand-in for an inode number: a hash of the file's place in the sandbox.</summary>
    private static ulong InodeOf(int preopen, string relative)
    {
        var hash = 14695981039346656037UL ^ (ulong)preopen;
        foreach (var c in relative)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
