namespace WasmActors.Wasm.Wasi;

/// <summary>Maps host failures to WASI errno values.</summary>
internal static class WasiErrors
{
    public static WasiErrno FromException(Exception exception) => exception switch
    {
        WasiErrnoException wasi => wasi.Errno,
        FileNotFoundException or DirectoryNotFoundException => WasiErrno.NoEntry,
        PathTooLongException => WasiErrno.NameTooLong,
        UnauthorizedAccessException => WasiErrno.Access,
        IOException io => FromHostErrno(io.HResult),
        ArgumentException => WasiErrno.Invalid,
        NotSupportedException => WasiErrno.NotSupported,
        _ => WasiErrno.IO,
    };

    /// <summary>
    /// On Unix, .NET puts the operating system's errno into an <see cref="IOException"/>'s HResult; these are the
    /// Linux numbers. Anything unknown becomes EIO.
    /// </summary>
    public static WasiErrno FromHostErrno(int errno) => errno switch
    {
        1 => WasiErrno.NotPermitted,
        2 => WasiErrno.NoEntry,
        5 => WasiErrno.IO,
        9 => WasiErrno.BadFd,
        13 => WasiErrno.Access,
        16 => WasiErrno.Busy,
        17 => WasiErrno.Exists,
        18 => WasiErrno.CrossDevice,
        20 => WasiErrno.NotDirectory,
        21 => WasiErrno.IsDirectory,
        22 => WasiErrno.Invalid,
        24 => WasiErrno.TooManyFiles,
        27 => WasiErrno.FileTooBig,
        28 => WasiErrno.NoSpace,
        30 => WasiErrno.ReadOnlyFileSystem,
        36 => WasiErrno.NameTooLong,
        39 => WasiErrno.NotEmpty,
        40 => WasiErrno.Loop,
        122 => WasiErrno.Quota,
        _ => WasiErrno.IO,
    };
}
