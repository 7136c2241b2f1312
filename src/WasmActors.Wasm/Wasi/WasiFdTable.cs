namespace WasmActors.Wasm.Wasi;

/// <summary>
/// The guest's file descriptor numbers. Plain data (number → <see cref="WasiFileDescriptor"/>) so a snapshot can
/// serialise it; new descriptors take the lowest free number, as POSIX does.
/// </summary>
public sealed class WasiFdTable(int maxOpen = WasiLayout.MaxOpenFds)
{
    private readonly SortedDictionary<int, WasiFileDescriptor> _entries = [];

    /// <summary>Most descriptors open at once (the standard streams and preopens count); EMFILE beyond.</summary>
    public int MaxOpen { get; } = Math.Clamp(maxOpen, 1, WasiLayout.MaxOpenFds);

    public IReadOnlyDictionary<int, WasiFileDescriptor> Entries => _entries;

    public int Count => _entries.Count;

    public bool TryGet(int fd, out WasiFileDescriptor descriptor) => _entries.TryGetValue(fd, out descriptor!);

    /// <summary>Places <paramref name="descriptor"/> at the lowest free number, or returns -1 when the table is full.</summary>
    public int Add(WasiFileDescriptor descriptor)
    {
        if (_entries.Count >= MaxOpen)
        {
            return -1;
        }

        var fd = 0;
        foreach (var used in _entries.Keys)
        {
            if (used != fd)
            {
                break;
            }

            fd++;
        }

        _entries[fd] = descriptor;
        return fd;
    }

    /// <summary>Places <paramref name="descriptor"/> at <paramref name="fd"/>, replacing what was there.</summary>
    public void Set(int fd, WasiFileDescriptor descriptor) => _entries[fd] = descriptor;

    public bool Remove(int fd) => _entries.Remove(fd);
}
