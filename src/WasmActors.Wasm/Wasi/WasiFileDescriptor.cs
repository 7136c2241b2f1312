namespace WasmActors.Wasm.Wasi;

/// <summary>What a file descriptor refers to.</summary>
internal enum WasiFdKind : byte
{
    StandardInput,
    StandardOutput,
    StandardError,
    File,
    Directory,
}

/// <summary>
/// One open file descriptor, as plain data: a snapshot can store it and a restored instance re-opens the host file
/// from <see cref="PreopenIndex"/> and <see cref="RelativePath"/> (open host handles are kept elsewhere and are
/// never part of this record).
/// </summary>
internal sealed record WasiFileDescriptor
{
    public required WasiFdKind Kind { get; init; }

    /// <summary>Index into the configuration's preopens of the directory this file lives under; -1 for stdio.</summary>
    public int PreopenIndex { get; init; } = -1;

    /// <summary>Path below the preopened directory, '/'-separated, symlinks already resolved; "" for the directory itself.</summary>
    public string RelativePath { get; init; } = "";

    /// <summary>The guest name when this fd is a preopened directory (what fd_prestat_dir_name reports).</summary>
    public string? PreopenGuestPath { get; init; }

    public WasiRights RightsBase { get; set; }

    public WasiRights RightsInheriting { get; set; }

    public WasiFdFlags Flags { get; set; }

    /// <summary>The file position of a regular file.</summary>
    public long Offset { get; set; }

    /// <summary>Whether the host file was opened for reading and for writing.</summary>
    public bool CanRead { get; init; }

    public bool CanWrite { get; init; }

    public bool IsStream => Kind is WasiFdKind.StandardInput or WasiFdKind.StandardOutput or WasiFdKind.StandardError;
}
