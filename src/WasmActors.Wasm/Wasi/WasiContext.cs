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
    private readonly string[] _roots;

    /// <summary>Open host files by fd. Never part of a snapshot: rebuilt on demand from <see cref="Fds"/>.</summary>
    private readonly Dictionary<int, FileStream> _handles = [];

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
        _roots = new string[config.Preopens.Count];
        for (var i = 0; i < _roots.Length; i++)
        {
            var full = Path.GetFullPath(config.Preopens[i].HostPath);
            if (!Directory.Exists(full))
            {
                throw new DirectoryNotFoundException($"preopened directory \"{config.Preopens[i].HostPath}\" does not exist");
            }

            _roots[i] = full.Length > 1 ? full.TrimEnd('/') : full;
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
    public static WasiContext Restore(WasiConfig config, IReadOnlyDictionary<int, WasiFileDescriptor> descriptors)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        var context = new WasiContext(config);
        foreach (var fd in context.Fds.Entries.Keys.ToArray())
        {
            context.Fds.Remove(fd);
        }

        foreach (var (fd, descriptor) in descriptors)
        {
            if (fd < 0 || descriptor.PreopenIndex >= context._roots.Length || (descriptor.PreopenIndex < 0 && !descriptor.IsStream))
            {
                throw new ArgumentException($"descriptor {fd} names preopen {descriptor.PreopenIndex}, which the configuration does not have", nameof(descriptors));
            }

            context.Fds.Set(fd, descriptor with { });
        }

        return context;
    }

    /// <summary>The descriptor table: plain data, what a snapshot stores.</summary>
    public WasiFdTable Fds { get; }

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
    }

    // ---- proc, sched, random ----

    /// <summary>proc_exit: unwinds the guest with <see cref="WasiExitException"/>.</summary>
    public static void ProcExit(uint code) => throw new WasiExitException((int)code);

    public static WasiErrno SchedYield()
    {
        Thread.Yield();
        return WasiErrno.Success;
    }

    public WasiErrno RandomGet(MemoryInstance memory, uint buffer, uint length)
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

    public WasiErrno ArgsSizesGet(MemoryInstance memory, uint countOut, uint bufferSizeOut) =>
        SizesGet(memory, Config.Arguments, countOut, bufferSizeOut);

    public WasiErrno ArgsGet(MemoryInstance memory, uint pointers, uint buffer)
    {
        GuestMemory.WriteStringList(memory, Config.Arguments, pointers, buffer);
        return WasiErrno.Success;
    }

    public WasiErrno EnvironSizesGet(MemoryInstance memory, uint countOut, uint bufferSizeOut) =>
        SizesGet(memory, Config.Environment, countOut, bufferSizeOut);

    public WasiErrno EnvironGet(MemoryInstance memory, uint pointers, uint buffer)
    {
        GuestMemory.WriteStringList(memory, Config.Environment, pointers, buffer);
        return WasiErrno.Success;
    }

    private static WasiErrno SizesGet(MemoryInstance memory, IReadOnlyList<string> strings, uint countOut, uint bufferSizeOut)
    {
        GuestMemory.CheckRange(memory, countOut, 4);
        GuestMemory.CheckRange(memory, bufferSizeOut, 4);
        GuestMemory.WriteU32(memory, countOut, (uint)strings.Count);
        GuestMemory.WriteU32(memory, bufferSizeOut, GuestMemory.EncodedSize(strings));
        return WasiErrno.Success;
    }

    // ---- clocks ----

    public WasiErrno ClockResGet(MemoryInstance memory, uint clockId, uint resolutionOut)
    {
        if (clockId > (uint)WasiClockId.ThreadCpuTime)
        {
            return WasiErrno.Invalid;
        }

        GuestMemory.WriteU64(memory, resolutionOut, Config.Clock.ResolutionNanoseconds);
        return WasiErrno.Success;
    }

    public WasiErrno ClockTimeGet(MemoryInstance memory, uint clockId, ulong precision, uint timeOut)
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

    private string RootOf(WasiFileDescriptor descriptor) => _roots[descriptor.PreopenIndex];

    private string HostPathOf(WasiFileDescriptor descriptor) =>
        WasiPathResolver.HostPath(RootOf(descriptor), descriptor.RelativePath);

    /// <summary>
    /// The open host file behind a file descriptor. After a restore the table has descriptors but no handles: the file
    /// is re-opened (never created or truncated) with the access it had.
    /// </summary>
    private FileStream HandleOf(int fd, WasiFileDescriptor descriptor)
    {
        if (_handles.TryGetValue(fd, out var handle))
        {
            return handle;
        }

        var access = descriptor.CanWrite ? (descriptor.CanRead ? FileAccess.ReadWrite : FileAccess.Write) : FileAccess.Read;
        handle = new FileStream(HostPathOf(descriptor), FileMode.Open, access, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        _handles[fd] = handle;
        return handle;
    }

    private void CloseHandle(int fd)
    {
        if (_handles.Remove(fd, out var handle))
        {
            handle.Dispose();
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
