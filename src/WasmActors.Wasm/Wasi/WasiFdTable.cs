namespace WasmActors.Wasm.Wasi;

/// <summary>
/// The guest's file descriptor numbers. Plain data (number → <see cref="WasiFileDescriptor"/>) so a snapshot can
/// serialise it. Numbers are handed out as Wasmtime does (its preview1 table, checked by experiment): the highest
/// number freed by fd_close or fd_renumber and not yet reused, else one above the highest number in use. So after
/// fd_renumber(a, 1) and fd_close(1) the next open returns a, and the one after returns 1.
/// </summary>
internal sealed class WasiFdTable(int maxOpen = WasiLayout.MaxOpenFds)
{
    private readonly SortedDictionary<int, WasiFileDescriptor> _entries = [];

    /// <summary>Numbers freed and not yet reused; the highest is taken first.</summary>
    private readonly SortedSet<int> _free = [];

    /// <summary>Most descriptors open at once (the standard streams and preopens count); EMFILE beyond.</summary>
    public int MaxOpen { get; } = Math.Clamp(maxOpen, 1, WasiLayout.MaxOpenFds);

    public IReadOnlyDictionary<int, WasiFileDescriptor> Entries => _entries;

    public int Count => _entries.Count;

    public bool TryGet(int fd, out WasiFileDescriptor descriptor) => _entries.TryGetValue(fd, out descriptor!);

    /// <summary>Places <paramref name="descriptor"/> at the next number, or returns -1 when the table is full.</summary>
    public int Add(WasiFileDescriptor descriptor)
    {
        if (_entries.Count >= MaxOpen)
        {
            return -1;
        }

        int fd;
        if (_free.Count > 0)
        {
            fd = _free.Max;
            _free.Remove(fd);
        }
        else
        {
            fd = _entries.Count == 0 ? 0 : _entries.Keys.Last() + 1;
        }

        _entries[fd] = descriptor;
        return fd;
    }

    /// <summary>Places <paramref name="descriptor"/> at <paramref name="fd"/>, replacing what was there.</summary>
    public void Set(int fd, WasiFileDescriptor descriptor)
    {
        _entries[fd] = descriptor;
        _free.Remove(fd);
    }

    public bool Remove(int fd)
    {
        if (!_entries.Remove(fd))
        {
            return false;
        }

        _free.Add(fd);
        return true;
    }

    /// <summary>
    /// Replaces the whole table (a restore). The free numbers are not part of a snapshot; they are taken to be the
    /// gaps below the highest number in use, which is what they are unless numbers above it were freed too.
    /// </summary>
    public void Load(IEnumerable<KeyValuePair<int, WasiFileDescriptor>> entries)
    {
        _entries.Clear();
        _free.Clear();
        foreach (var (fd, descriptor) in entries)
        {
            _entries[fd] = descriptor;
        }

        var highest = _entries.Count == 0 ? -1 : _entries.Keys.Last();
        for (var fd = 0; fd < highest; fd++)
        {
            if (!_entries.ContainsKey(fd))
            {
                _free.Add(fd);
            }
        }
    }
}
