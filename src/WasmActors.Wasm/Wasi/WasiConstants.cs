namespace WasmActors.Wasm.Wasi;

/// <summary>The type of a file descriptor or file (<c>filetype</c>).</summary>
internal enum WasiFileType : byte
{
    Unknown = 0,
    BlockDevice = 1,
    CharacterDevice = 2,
    Directory = 3,
    RegularFile = 4,
    SocketDatagram = 5,
    SocketStream = 6,
    SymbolicLink = 7,
}

/// <summary>File descriptor flags (<c>fdflags</c>).</summary>
[Flags]
internal enum WasiFdFlags : ushort
{
    None = 0,
    Append = 1,
    DataSync = 2,
    NonBlock = 4,
    ReadSync = 8,
    Sync = 16,
}

/// <summary>Open flags of path_open (<c>oflags</c>).</summary>
[Flags]
internal enum WasiOpenFlags : ushort
{
    None = 0,
    Create = 1,
    Directory = 2,
    Exclusive = 4,
    Truncate = 8,
}

/// <summary>Which timestamps fd/path_filestat_set_times changes (<c>fstflags</c>).</summary>
[Flags]
internal enum WasiFstFlags : ushort
{
    None = 0,
    AccessTime = 1,
    AccessTimeNow = 2,
    ModificationTime = 4,
    ModificationTimeNow = 8,
}

/// <summary>The WASI clocks (<c>clockid</c>).</summary>
internal enum WasiClockId : uint
{
    Realtime = 0,
    Monotonic = 1,
    ProcessCpuTime = 2,
    ThreadCpuTime = 3,
}

/// <summary>What a file descriptor may be used for (<c>rights</c>), one bit per operation.</summary>
[Flags]
internal enum WasiRights : ulong
{
    None = 0,
    FdDataSync = 1UL << 0,
    FdRead = 1UL << 1,
    FdSeek = 1UL << 2,
    FdFdStatSetFlags = 1UL << 3,
    FdSync = 1UL << 4,
    FdTell = 1UL << 5,
    FdWrite = 1UL << 6,
    FdAdvise = 1UL << 7,
    FdAllocate = 1UL << 8,
    PathCreateDirectory = 1UL << 9,
    PathCreateFile = 1UL << 10,
    PathLinkSource = 1UL << 11,
    PathLinkTarget = 1UL << 12,
    PathOpen = 1UL << 13,
    FdReadDir = 1UL << 14,
    PathReadLink = 1UL << 15,
    PathRenameSource = 1UL << 16,
    PathRenameTarget = 1UL << 17,
    PathFileStatGet = 1UL << 18,
    PathFileStatSetSize = 1UL << 19,
    PathFileStatSetTimes = 1UL << 20,
    FdFileStatGet = 1UL << 21,
    FdFileStatSetSize = 1UL << 22,
    FdFileStatSetTimes = 1UL << 23,
    PathSymlink = 1UL << 24,
    PathRemoveDirectory = 1UL << 25,
    PathUnlinkFile = 1UL << 26,
    PollFdReadWrite = 1UL << 27,
    SockShutdown = 1UL << 28,
    SockAccept = 1UL << 29,
}

/// <summary>The rights sets the host grants.</summary>
internal static class WasiRightSets
{
    /// <summary>Everything a regular file supports.</summary>
    public const WasiRights File =
        WasiRights.FdDataSync | WasiRights.FdRead | WasiRights.FdSeek | WasiRights.FdFdStatSetFlags | WasiRights.FdSync |
        WasiRights.FdTell | WasiRights.FdWrite | WasiRights.FdAdvise | WasiRights.FdAllocate | WasiRights.FdFileStatGet |
        WasiRights.FdFileStatSetSize | WasiRights.FdFileStatSetTimes | WasiRights.PollFdReadWrite;

    /// <summary>Everything a directory supports.</summary>
    public const WasiRights Directory =
        WasiRights.FdFdStatSetFlags | WasiRights.FdSync | WasiRights.FdAdvise | WasiRights.PathCreateDirectory |
        WasiRights.PathCreateFile | WasiRights.PathLinkSource | WasiRights.PathLinkTarget | WasiRights.PathOpen |
        WasiRights.FdReadDir | WasiRights.PathReadLink | WasiRights.PathRenameSource | WasiRights.PathRenameTarget |
        WasiRights.PathFileStatGet | WasiRights.PathFileStatSetSize | WasiRights.PathFileStatSetTimes |
        WasiRights.FdFileStatGet | WasiRights.FdFileStatSetTimes | WasiRights.PathSymlink |
        WasiRights.PathRemoveDirectory | WasiRights.PathUnlinkFile | WasiRights.PollFdReadWrite;

    /// <summary>What a directory hands down to what is opened through it.</summary>
    public const WasiRights DirectoryInheriting = File | Directory;

    /// <summary>Standard input, output and error: a character stream.</summary>
    public const WasiRights Stream = WasiRights.FdRead | WasiRights.FdWrite | WasiRights.FdFdStatSetFlags |
                                     WasiRights.FdFileStatGet | WasiRights.PollFdReadWrite;
}

/// <summary>Sizes and field offsets of the preview1 structures, as laid out in wasm32 memory.</summary>
internal static class WasiLayout
{
    public const int IovecSize = 8;
    public const int FdStatSize = 24;
    public const int FileStatSize = 64;
    public const int PrestatSize = 8;
    public const int DirentHeaderSize = 24;
    public const int SubscriptionSize = 48;
    public const int EventSize = 32;

    /// <summary>POSIX's IOV_MAX: more iovecs than this in one call is EINVAL.</summary>
    public const int MaxIovecs = 1024;

    /// <summary>PATH_MAX: longer guest paths are ENAMETOOLONG.</summary>
    public const int MaxPathBytes = 4096;

    /// <summary>How many fds one instance may hold open (EMFILE beyond).</summary>
    public const int MaxOpenFds = 4096;

    /// <summary>Symlinks followed while resolving one path before ELOOP (Linux's limit).</summary>
    public const int MaxSymlinkHops = 40;

    /// <summary>Most subscriptions poll_oneoff takes in one call.</summary>
    public const int MaxSubscriptions = 4096;
}
