using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Runtime;

/// <summary>
/// A linear memory: flat (one array) until something shares it, then behind a page table. Engine pages (4 KiB by default) are plain arrays. Two tables map them:
/// the read table holds every resident page, the write table only pages this memory owns. A read of a missing
/// page, or a write to a page it does not own, is a software page fault: the page comes from the
/// <see cref="IPageSource"/> (zero page, snapshot, remote node) and is copied before its first write, so many
/// memories can share one snapshot's pages. Every access is bounds-checked against the wasm-visible length.
/// Loads and stores go through two direct-mapped translation caches in front of the tables (see
/// <see cref="TlbEntry"/>), so an access to a resident page (a store: to an owned page) costs a few instructions.
/// A memory created without a page source starts flat: its bytes are one array that every cache entry maps whole, so
/// every access within bounds hits. Its first fork, freeze or page-level use copies its non-zero pages into the
/// table and it stays paged from then on (ADR-013).
/// </summary>
public sealed class MemoryInstance : StoreInstance
{
    /// <summary>Size of a wasm page: 64 KiB.</summary>
    public const int WasmPageSize = 65536;

    private static readonly Dictionary<int, byte[]> ZeroPages = [];

    // The page table has two levels so that a fork costs O(1) in memory size: the top level holds chunks of
    // ChunkPages entries; a chunk is allocated on the first change in its range and a read chunk may be shared
    // with a parent or a fork until either side changes it. EmptyChunk stands for "nothing mapped here" and is
    // never written, so the hot path needs no null test on the chunk.
    private const int ChunkShift = 8;
    private const int ChunkPages = 1 << ChunkShift;
    private const int ChunkMask = ChunkPages - 1;
    private static readonly byte[]?[] EmptyChunk = new byte[]?[ChunkPages];

    /// <summary>Log2 of the entries of each translation cache.</summary>
    internal const int TlbShift = 8;

    /// <summary>Entries of each translation cache: 256 pages, 1 MiB of 4 KiB pages.</summary>
    internal const int TlbEntries = 1 << TlbShift;

    /// <summary>An address's cache entry is its page number masked with this.</summary>
    internal const int TlbMask = TlbEntries - 1;

    /// <summary>Log2 of the size of a <see cref="TlbEntry"/> (16 bytes: a reference and an address).</summary>
    internal const int TlbEntryShift = 4;

    // What an empty write cache entry points at: a page no memory maps, so not even a torn entry could write to a page
    // that someone reads.
    private static readonly Dictionary<int, byte[]> SinkPages = [];

    private readonly int _shift;
    private readonly int _pageSize;
    private readonly int _mask;
    private readonly uint _maxPages;
    private readonly byte[] _zeroPage;
    private readonly byte[] _sinkPage;
    private readonly IPageSource _source;
    private readonly uint _sourcePages;
    private byte[]?[][] _read;
    private byte[]?[][] _write;

    // Which read chunks this memory may change in place; a chunk not owned is shared (or EmptyChunk) and is
    // copied before its first change. Write chunks are never shared once allocated.
    private bool[] _ownsReadChunk;
    private ulong _length;

    // Flat: every byte of the memory at its own address (the array may be longer than the memory); the tables are
    // empty. Null once the memory is paged.
    private byte[]? _flat;

    // How far past an entry's base an access may reach (see CacheReach).
    private ulong _reach;

    /// <summary>A memory without a page source stays flat while it is no larger than this.</summary>
    internal const ulong FlatLimit = 256 << 20;

    /// <summary>
    /// The two translation caches in one array. The read cache is the first <see cref="TlbEntries"/> entries: entry
    /// <c>p &amp; TlbMask</c> may hold resident page <c>p</c> as it is in the read table. The write cache follows at
    /// <see cref="WriteTlbStart"/>: the same, but only pages this memory owns (in the write table). Allocated with the
    /// memory and never replaced; one array rather than two so that compiled code keeps one base in a register for
    /// both (the write cache is a constant displacement from it).
    /// </summary>
    internal readonly TlbEntry[] Tlbs;

    /// <summary>The index in <see cref="Tlbs"/> of the write cache's first entry.</summary>
    internal const int WriteTlbStart = TlbEntries;

    internal MemoryInstance(MemoryType type, uint maxPages = 65536, int pageShift = 12, IPageSource? source = null, uint? sourcePages = null)
    {
        if (pageShift is < 12 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(pageShift), "the engine page size must be 4 KiB to 64 KiB");
        }

        _maxPages = Math.Min(type.Limits.Max ?? 65536u, Math.Min(maxPages, 65536u));
        if (type.Limits.Min > _maxPages)
        {
            throw new WasmTrapException($"memory of {type.Limits.Min} pages exceeds the limit of {_maxPages} pages");
        }

        Type = type;
        _shift = pageShift;
        _pageSize = 1 << pageShift;
        _mask = _pageSize - 1;
        _zeroPage = PageOf(ZeroPages, _pageSize);
        _sinkPage = PageOf(SinkPages, _pageSize);
        Tlbs = NewTlbs();
        _source = source ?? ZeroPageSource.Instance;
        _length = (ulong)type.Limits.Min * WasmPageSize;
        _approved = _length;
        var enginePages = (int)(_length >> _shift);
        _sourcePages = sourcePages ?? (uint)enginePages;
        var chunks = ChunkCount(enginePages);
        _read = NewTopLevel(chunks);
        _write = NewTopLevel(chunks);
        _ownsReadChunk = new bool[chunks];
        _reach = (ulong)_pageSize;
        if (source is null && _length <= FlatLimit)
        {
            SetFlat(new byte[_length]);
        }
    }

    /// <summary>A fork of <paramref name="parent"/>: same size, limits, source and contents; pages shared read-only.</summary>
    private MemoryInstance(MemoryInstance parent)
    {
        Type = parent.Type;
        _shift = parent._shift;
        _pageSize = parent._pageSize;
        _mask = parent._mask;
        _maxPages = parent._maxPages;
        _zeroPage = parent._zeroPage;
        _sinkPage = parent._sinkPage;
        Tlbs = NewTlbs();
        _source = parent._source;
        _sourcePages = parent._sourcePages;
        _length = parent._length;
        _approved = _length;
        _read = (byte[]?[][])parent._read.Clone();
        _write = NewTopLevel(parent._write.Length);
        _ownsReadChunk = new bool[parent._read.Length];
        _reach = (ulong)_pageSize;
    }

    public MemoryType Type { get; private set; }

    /// <summary>Current size in wasm (64 KiB) pages.</summary>
    public uint Pages => (uint)(_length / WasmPageSize);

    /// <summary>Current size in bytes.</summary>
    public ulong Length => _length;

    /// <summary>Engine page size in bytes.</summary>
    internal int PageSize => _pageSize;

    /// <summary>
    /// The bytes a cache entry covers from its base: a page, or the whole memory while it is flat (every entry then
    /// maps the one array at base 0). An access hits when its offset from the base is at most this less its size.
    /// It changes only when the memory grows or stops being flat; compiled code reloads it after anything that may
    /// do either (a call, memory.grow).
    /// </summary>
    internal ulong CacheReach => _reach;

    /// <summary>True while the memory is one array (no page source, never forked, frozen or mapped by pages).</summary>
    internal bool IsFlat => _flat is not null;

    /// <summary>
    /// <see cref="PageSize"/>'s log2 less <see cref="TlbEntryShift"/>: an address shifted right by it and masked is the
    /// byte offset of its cache entry (compiled code keeps it in a register).
    /// </summary>
    internal int TlbIndexShift => _shift - TlbEntryShift;

    /// <summary>Number of engine pages.</summary>
    internal int EnginePageCount => (int)(_length >> _shift);

    /// <summary>
    /// Pages this memory has copied or allocated for its own writes (what a fork costs beyond its parent); every page
    /// while it is flat.
    /// </summary>
    internal long OwnedPageCount
    {
        get => _flat is not null ? EnginePageCount : _ownedPages;
        private set => _ownedPages = value;
    }

    private long _ownedPages;

    /// <summary>Maximum size in wasm pages (the type's maximum, capped by the engine limit).</summary>
    public uint MaxPages => _maxPages;

    /// <summary>Pages below this index come from <see cref="Source"/>; pages above it are zero.</summary>
    internal uint SourcePages => _sourcePages;

    /// <summary>Software page faults taken so far (reads of missing pages and first writes to shared pages).</summary>
    internal long Faults { get; private set; }

    internal IPageSource Source => _source;

    // ---- Typed access: the interpreter's hot path. ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Load<T>(ulong address)
        where T : unmanaged => Load<T>(this, ref Tlbs[0], _shift - TlbEntryShift, _reach, address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store<T>(ulong address, T value)
        where T : unmanaged => Store(this, ref Tlbs[WriteTlbStart], _shift - TlbEntryShift, _reach, address, value);

    /// <summary>
    /// A load through the read cache <paramref name="tlb"/> of <paramref name="memory"/> (the first entry of its read cache in <see cref="Tlbs"/>,
    /// <see cref="TlbIndexShift"/> and <see cref="CacheReach"/>): on a hit, a shift and a mask to the entry, a
    /// subtraction, a comparison and the load; else the checked path, which faults the page in and caches it. The CIL
    /// tier writes the same sequence out in its bodies, with the three kept in locals.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Load<T>(MemoryInstance memory, ref TlbEntry tlb, int indexShift, ulong reach, ulong address)
        where T : unmanaged
    {
        ref var entry = ref Unsafe.AddByteOffset(ref tlb, (nint)((address >> indexShift) & (TlbMask << TlbEntryShift)));
        var offset = address - entry.Base;
        if (offset <= reach - (ulong)Unsafe.SizeOf<T>())
        {
            return Unsafe.ReadUnaligned<T>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(entry.Page), (nint)offset));
        }

        return memory.LoadMiss<T>(address);
    }

    /// <summary>A store through the write cache <paramref name="tlb"/> of <paramref name="memory"/>; see <see cref="Load{T}(MemoryInstance, ref TlbEntry, int, ulong, ulong)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store<T>(MemoryInstance memory, ref TlbEntry tlb, int indexShift, ulong reach, ulong address, T value)
        where T : unmanaged
    {
        ref var entry = ref Unsafe.AddByteOffset(ref tlb, (nint)((address >> indexShift) & (TlbMask << TlbEntryShift)));
        var offset = address - entry.Base;
        if (offset <= reach - (ulong)Unsafe.SizeOf<T>())
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(entry.Page), (nint)offset), value);
            return;
        }

        memory.StoreMiss(address, value);
    }

    // ---- Bulk access: bulk-memory instructions, host functions, snapshots. ----

    /// <summary>Copies memory into <paramref name="destination"/>; traps if any byte is out of bounds.</summary>
    public void Read(ulong address, Span<byte> destination)
    {
        CheckRange(address, (ulong)destination.Length);
        if (_flat is { } flat)
        {
            flat.AsSpan((int)address, destination.Length).CopyTo(destination);
            return;
        }

        while (!destination.IsEmpty)
        {
            var offset = (int)address & _mask;
            var chunk = Math.Min(destination.Length, _pageSize - offset);
            ReadablePage((int)(address >> _shift)).AsSpan(offset, chunk).CopyTo(destination);
            destination = destination[chunk..];
            address += (ulong)chunk;
        }
    }

    /// <summary>Copies <paramref name="source"/> into memory; traps (writing nothing) if any byte is out of bounds.</summary>
    public void Write(ulong address, ReadOnlySpan<byte> source)
    {
        CheckRange(address, (ulong)source.Length);
        if (_flat is { } flat)
        {
            source.CopyTo(flat.AsSpan((int)address));
            return;
        }

        while (!source.IsEmpty)
        {
            var offset = (int)address & _mask;
            var chunk = Math.Min(source.Length, _pageSize - offset);
            source[..chunk].CopyTo(WritablePage((int)(address >> _shift)).AsSpan(offset, chunk));
            source = source[chunk..];
            address += (ulong)chunk;
        }
    }

    /// <summary>memory.fill: traps (writing nothing) if the range is out of bounds.</summary>
    public void Fill(ulong address, byte value, ulong count)
    {
        CheckRange(address, count);
        if (_flat is { } flat)
        {
            flat.AsSpan((int)address, (int)count).Fill(value);
            return;
        }

        while (count > 0)
        {
            var offset = (int)address & _mask;
            var chunk = (int)Math.Min(count, (ulong)(_pageSize - offset));
            var index = (int)(address >> _shift);
            if (value == 0 && chunk == _pageSize && Entry(_write, index) is null && ReferenceEquals(Entry(_read, index), _zeroPage))
            {
                // Already a zero page: nothing to write, no copy to make.
            }
            else
            {
                WritablePage(index).AsSpan(offset, chunk).Fill(value);
            }

            count -= (ulong)chunk;
            address += (ulong)chunk;
        }
    }

    /// <summary>memory.copy within this memory, with memmove semantics for overlapping ranges.</summary>
    public void Copy(ulong destination, ulong source, ulong count) => Copy(this, destination, source, count);

    /// <summary>Copies <paramref name="count"/> bytes from <paramref name="from"/> into this memory (memmove semantics).</summary>
    public void Copy(MemoryInstance from, ulong destination, ulong source, ulong count)
    {
        from.CheckRange(source, count);
        CheckRange(destination, count);
        if (count == 0)
        {
            return;
        }

        if (_flat is { } to && from._flat is { } fromFlat)
        {
            fromFlat.AsSpan((int)source, (int)count).CopyTo(to.AsSpan((int)destination)); // memmove
            return;
        }

        Span<byte> buffer = stackalloc byte[4096];
        var forward = !ReferenceEquals(from, this) || destination <= source;
        var done = 0UL;
        while (done < count)
        {
            var chunk = (int)Math.Min((ulong)buffer.Length, count - done);
            var at = forward ? done : count - done - (ulong)chunk;
            var slice = buffer[..chunk];
            from.Read(source + at, slice);
            Write(destination + at, slice);
            done += (ulong)chunk;
        }
    }

    /// <summary>
    /// Asked before memory.grow takes more bytes than it was allowed so far (see <see cref="IMemoryGrowthGate"/>); null:
    /// only the maxima bound it. Whoever sets it has accounted for the memory's current length.
    /// </summary>
    internal IMemoryGrowthGate? GrowthGate
    {
        get => _gate;
        set
        {
            _gate = value;
            _approved = _length;
        }
    }

    private IMemoryGrowthGate? _gate;

    // The bytes the gate has allowed this memory: its length, or more when a flat array was given room to grow into.
    private ulong _approved;

    /// <summary>The bytes this memory's own arrays hold: the flat array (room to grow included), or its owned pages.</summary>
    internal long AllocatedBytes => _flat is { } flat ? flat.LongLength : OwnedPageCount * _pageSize;

    /// <summary>memory.grow: returns the old size in wasm pages, or -1 if the memory cannot grow that far.</summary>
    public int Grow(uint deltaPages)
    {
        var old = Pages;
        var wanted = (ulong)old + deltaPages;
        if (wanted > _maxPages)
        {
            return -1;
        }

        if (deltaPages == 0)
        {
            return (int)old;
        }

        var length = wanted * WasmPageSize;
        if (_flat is { } flat && length <= FlatLimit)
        {
            if (length > (ulong)flat.Length)
            {
                // Doubling keeps a program that grows a page at a time from copying its memory at every step. The room
                // to grow is allocated, so the gate is asked for it too; if it refuses, for just what was asked.
                var room = Math.Min(Math.Max(length, 2 * (ulong)flat.Length), Math.Min(FlatLimit, (ulong)_maxPages * WasmPageSize));
                if (!Approve(room))
                {
                    room = length;
                    if (!Approve(length))
                    {
                        return -1;
                    }
                }

                var bigger = new byte[room];
                flat.AsSpan(0, (int)_length).CopyTo(bigger);
                flat = bigger;
            }
            else if (!Approve(length))
            {
                return -1;
            }

            _length = length;
            SetFlat(flat);
            Type = new MemoryType(Type.Limits with { Min = (uint)wanted });
            return (int)old;
        }

        if (!Approve(length))
        {
            return -1;
        }

        MakePaged();

        // The caches stay valid: growing maps no page and changes none.
        _length = length;
        var chunks = ChunkCount((int)(_length >> _shift));
        if (chunks > _read.Length)
        {
            var oldChunks = _read.Length;
            Array.Resize(ref _read, chunks);
            Array.Resize(ref _write, chunks);
            Array.Resize(ref _ownsReadChunk, chunks);
            _read.AsSpan(oldChunks).Fill(EmptyChunk);
            _write.AsSpan(oldChunks).Fill(EmptyChunk);
        }

        Type = new MemoryType(Type.Limits with { Min = (uint)wanted });
        return (int)old;
    }

    /// <summary>True when the memory may hold <paramref name="bytes"/>: allowed before, or now by the gate.</summary>
    private bool Approve(ulong bytes)
    {
        if (bytes <= _approved)
        {
            return true;
        }

        if (_gate is { } gate && !gate.TryGrow(_approved, bytes))
        {
            return false;
        }

        _approved = bytes;
        return true;
    }

    // ---- Page-level access, for snapshots and forks. ----

    /// <summary>True when engine page <paramref name="index"/> is mapped (read-only or owned).</summary>
    internal bool IsResident(int index) => Entry(Paged()._read, CheckedPage(index)) is not null;

    /// <summary>True when this memory owns a private copy of page <paramref name="index"/> (it was written).</summary>
    internal bool IsOwned(int index) => Entry(Paged()._write, CheckedPage(index)) is not null;

    /// <summary>The page's current bytes, faulting it in if needed. Callers must not write to the array.</summary>
    internal ReadOnlySpan<byte> GetPage(int index) => Paged().ReadablePage(CheckedPage(index));

    /// <summary>
    /// The page's array if it is resident, without faulting; null when the page was never touched (its content is
    /// then the source's). Callers must not write to the array.
    /// </summary>
    internal byte[]? PeekPage(int index) => Entry(Paged()._read, CheckedPage(index));

    /// <summary>Maps an array as page <paramref name="index"/>, read-only and shared (copied before its first write).</summary>
    internal void MapShared(int index, byte[] page)
    {
        if (page.Length != _pageSize)
        {
            throw new ArgumentException($"a page must be {_pageSize} bytes", nameof(page));
        }

        CheckedPage(index);
        MakePaged();
        SetRead(index, page); // also empties the write cache's entry, which may hold the page dropped below
        if (Entry(_write, index) is not null)
        {
            _write[index >> ChunkShift][index & ChunkMask] = null;
            OwnedPageCount--;
        }
    }

    /// <summary>
    /// Forks this memory in O(1) of its size: the fork starts with the same bytes, and both share every page
    /// read-only and copy a page on their own first write to it. Neither side may be running while it forks.
    /// </summary>
    internal MemoryInstance Fork()
    {
        MakePaged();
        var fork = new MemoryInstance(this);

        // The pages this memory owned are now shared with the fork, so it must copy them again before writing. Its
        // read table still maps the same arrays, so the read cache stays valid.
        InvalidateWriteTlb();
        Array.Clear(_ownsReadChunk);
        _write.AsSpan().Fill(EmptyChunk);
        OwnedPageCount = 0;
        return fork;
    }

    /// <summary>
    /// Freezes the current contents for a capture that runs while this memory keeps running: returns a read-only
    /// view (a <see cref="Fork"/>, O(page table)) and the pages written since the previous freeze (or since this
    /// memory was created), ascending. After the call this memory owns no page, so its next write to any page
    /// copies it first: the view never changes, and the next freeze reports exactly the pages written in between.
    /// The view may be read on another thread; nothing may write to it.
    /// </summary>
    internal MemoryInstance Freeze(out int[] writtenSincePreviousFreeze)
    {
        MakePaged();
        writtenSincePreviousFreeze = OwnedPages();
        return Fork();
    }

    /// <summary>The pages this memory owns (written since its last fork or freeze), ascending.</summary>
    private int[] OwnedPages()
    {
        var pages = new List<int>((int)Math.Min(OwnedPageCount, int.MaxValue));
        for (var c = 0; c < _write.Length; c++)
        {
            var chunk = _write[c];
            if (ReferenceEquals(chunk, EmptyChunk))
            {
                continue;
            }

            for (var i = 0; i < ChunkPages; i++)
            {
                if (chunk[i] is not null)
                {
                    pages.Add((c << ChunkShift) + i);
                }
            }
        }

        return pages.ToArray();
    }

    // ---- Cache misses and faults. ----

    /// <summary>A load that missed the read cache: checks the bounds, faults the page in if needed and caches it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal T LoadMiss<T>(ulong address)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        CheckRange(address, (ulong)size);
        if (_flat is { } flat)
        {
            return Unsafe.ReadUnaligned<T>(ref flat[(int)address]); // a caller's reach from before the memory grew
        }

        var offset = (int)address & _mask;
        if (offset > _pageSize - size)
        {
            return LoadSlow<T>(address);
        }

        var index = (int)(address >> _shift);
        var page = ReadablePage(index);
        Tlbs[index & TlbMask] = new TlbEntry(address - (ulong)offset, page);
        return Unsafe.ReadUnaligned<T>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(page), offset));
    }

    /// <summary>A store that missed the write cache: checks the bounds, copies the page on its first write and caches it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void StoreMiss<T>(ulong address, T value)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        CheckRange(address, (ulong)size);
        if (_flat is { } flat)
        {
            Unsafe.WriteUnaligned(ref flat[(int)address], value); // a caller's reach from before the memory grew
            return;
        }

        var offset = (int)address & _mask;
        if (offset > _pageSize - size)
        {
            StoreSlow(address, value);
            return;
        }

        var index = (int)(address >> _shift);
        var page = WritablePage(index);

        // The page is now in both tables: cache it for reads as well.
        var entry = new TlbEntry(address - (ulong)offset, page);
        Tlbs[WriteTlbStart + (index & TlbMask)] = entry;
        Tlbs[index & TlbMask] = entry;
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(page), offset), value);
    }

    /// <summary>Fresh, empty translation caches for this memory's page size.</summary>
    private TlbEntry[] NewTlbs()
    {
        var tlbs = new TlbEntry[2 * TlbEntries];
        for (var i = 0; i < TlbEntries; i++)
        {
            tlbs[i] = new TlbEntry(EmptyBase(i), _zeroPage);
            tlbs[WriteTlbStart + i] = new TlbEntry(EmptyBase(i), _sinkPage);
        }

        return tlbs;
    }

    /// <summary>
    /// The base of empty entry <paramref name="i"/>: a page-aligned address whose own entry is another one. An access
    /// looks only at the entry its page number selects, and hits only within a page of the entry's base, so nothing
    /// ever hits an empty entry: no address needs a range test before the lookup.
    /// </summary>
    private ulong EmptyBase(int i) => (1UL << 63) | ((ulong)((i + 1) & TlbMask) << _shift);

    /// <summary>Empties the caches' entries for page <paramref name="index"/>: its table entries are about to change.</summary>
    private void InvalidateTlbs(int index)
    {
        var i = index & TlbMask;
        Tlbs[i] = new TlbEntry(EmptyBase(i), _zeroPage);
        Tlbs[WriteTlbStart + i] = new TlbEntry(EmptyBase(i), _sinkPage);
    }

    /// <summary>Empties the write cache: the memory gave up every page it owned.</summary>
    private void InvalidateWriteTlb()
    {
        for (var i = 0; i < TlbEntries; i++)
        {
            Tlbs[WriteTlbStart + i] = new TlbEntry(EmptyBase(i), _sinkPage);
        }
    }

    /// <summary>A load that straddles two pages.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private T LoadSlow<T>(ulong address)
        where T : unmanaged
    {
        Span<byte> bytes = stackalloc byte[Unsafe.SizeOf<T>()];
        Read(address, bytes);
        return MemoryMarshal.Read<T>(bytes);
    }

    /// <summary>A store that straddles two pages.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StoreSlow<T>(ulong address, T value)
        where T : unmanaged
    {
        Span<byte> bytes = stackalloc byte[Unsafe.SizeOf<T>()];
        MemoryMarshal.Write(bytes, in value);
        Write(address, bytes);
    }

    private byte[] ReadablePage(int index)
    {
        var page = Entry(_read, index);
        if (page is not null)
        {
            return page;
        }

        Faults++;
        page = (uint)index < _sourcePages ? _source.GetPage((uint)index) : null;
        if (page is not null && page.Length != _pageSize)
        {
            throw new WasmTrapException($"page source returned {page.Length} bytes for a {_pageSize}-byte page");
        }

        page ??= _zeroPage;
        SetRead(index, page);
        return page;
    }

    private byte[] WritablePage(int index)
    {
        var page = Entry(_write, index);
        if (page is not null)
        {
            return page;
        }

        var shared = Entry(_read, index);
        byte[] owned;
        Faults++;
        if (shared is null)
        {
            var fetched = (uint)index < _sourcePages ? _source.GetPage((uint)index) : null;
            if (fetched is not null && fetched.Length != _pageSize)
            {
                throw new WasmTrapException($"page source returned {fetched.Length} bytes for a {_pageSize}-byte page");
            }

            owned = fetched is null ? new byte[_pageSize] : (byte[])fetched.Clone();
        }
        else
        {
            owned = ReferenceEquals(shared, _zeroPage) ? new byte[_pageSize] : (byte[])shared.Clone();
        }

        Own(index, owned);
        return owned;
    }

    /// <summary>Maps <paramref name="owned"/>, a page only this memory holds, as page <paramref name="index"/> in both tables.</summary>
    private void Own(int index, byte[] owned)
    {
        SetRead(index, owned);
        var chunk = _write[index >> ChunkShift];
        if (ReferenceEquals(chunk, EmptyChunk))
        {
            chunk = new byte[]?[ChunkPages];
            _write[index >> ChunkShift] = chunk;
        }

        chunk[index & ChunkMask] = owned;
        OwnedPageCount++;
    }

    /// <summary>
    /// Makes <paramref name="flat"/> (holding the memory's bytes) its array and points every cache entry at it whole.
    /// An empty memory keeps empty entries: a reach of 0 would let an access's size wrap the hit test around.
    /// </summary>
    private void SetFlat(byte[] flat)
    {
        _flat = flat;
        if (_length == 0)
        {
            return;
        }

        Tlbs.AsSpan().Fill(new TlbEntry(0, flat));
        _reach = _length;
    }

    /// <summary>This memory, paged (see <see cref="MakePaged"/>).</summary>
    private MemoryInstance Paged()
    {
        MakePaged();
        return this;
    }

    /// <summary>
    /// Ends flat mode for good: every page holding a non-zero byte becomes a page this memory owns, in both tables;
    /// the others stay unmapped, as if never touched (their content is the zero source's). O(memory), once.
    /// </summary>
    private void MakePaged()
    {
        if (_flat is not { } flat)
        {
            return;
        }

        _flat = null;
        _reach = (ulong)_pageSize;
        var chunks = ChunkCount(EnginePageCount);
        _read = NewTopLevel(chunks);
        _write = NewTopLevel(chunks);
        _ownsReadChunk = new bool[chunks];
        InvalidateWriteTlb();
        for (var i = 0; i < TlbEntries; i++)
        {
            Tlbs[i] = new TlbEntry(EmptyBase(i), _zeroPage);
        }

        _ownedPages = 0;
        for (var index = 0; index < EnginePageCount; index++)
        {
            var bytes = flat.AsSpan(index << _shift, _pageSize);
            if (bytes.ContainsAnyExcept((byte)0))
            {
                Own(index, bytes.ToArray());
            }
        }
    }

    /// <summary>Sets a read-table entry, first copying its chunk if the chunk is shared.</summary>
    private void SetRead(int index, byte[] page)
    {
        InvalidateTlbs(index);
        var c = index >> ChunkShift;
        if (!_ownsReadChunk[c])
        {
            var shared = _read[c];
            _read[c] = ReferenceEquals(shared, EmptyChunk) ? new byte[]?[ChunkPages] : (byte[]?[])shared.Clone();
            _ownsReadChunk[c] = true;
        }

        _read[c][index & ChunkMask] = page;
    }

    /// <summary>A table entry without bounds checks: every caller has checked the page against the length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte[]? Entry(byte[]?[][] table, int index)
    {
        var chunk = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(table), index >> ChunkShift);
        return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(chunk), index & ChunkMask);
    }

    private int CheckedPage(int index) =>
        (uint)index < (uint)EnginePageCount
            ? index
            : throw new ArgumentOutOfRangeException(nameof(index), $"page {index} is outside the memory's {EnginePageCount} pages");

    private static int ChunkCount(int enginePages) => (enginePages + ChunkMask) >> ChunkShift;

    private static byte[]?[][] NewTopLevel(int chunks)
    {
        var table = new byte[]?[chunks][];
        table.AsSpan().Fill(EmptyChunk);
        return table;
    }

    private void CheckRange(ulong address, ulong count)
    {
        if (address + count > _length || address + count < address)
        {
            ThrowOutOfBounds();
        }
    }

    [DoesNotReturn]
    private static void ThrowOutOfBounds() => throw new WasmTrapException(TrapMessages.OutOfBoundsMemory);

    /// <summary>The process-wide page of <paramref name="size"/> bytes kept in <paramref name="pages"/>.</summary>
    private static byte[] PageOf(Dictionary<int, byte[]> pages, int size)
    {
        lock (pages)
        {
            if (!pages.TryGetValue(size, out var page))
            {
                page = new byte[size];
                pages[size] = page;
            }

            return page;
        }
    }
}

/// <summary>
/// One entry of a memory's translation cache: the byte address where a cached page starts, and the page's array (or,
/// while the memory is flat, base 0 and its one array). An access hits when its offset from the base is within the
/// memory's <see cref="MemoryInstance.CacheReach"/> (a subtraction and one unsigned comparison, which also rejects an
/// access that would cross into the next page). Only the page's first byte is cached, never a length: the memory never
/// shrinks, so a cached page stays inside the bounds. The caches belong to the one thread running the memory, like the
/// table; every array they hold is at least the reach long (a whole page, or the flat array, which only grows), so
/// even a torn entry could not reach outside an array.
/// </summary>
internal readonly struct TlbEntry(ulong @base, byte[] page)
{
    /// <summary>The byte address where the cached page starts.</summary>
    public readonly ulong Base = @base;

    /// <summary>The page's array (a whole page).</summary>
    public readonly byte[] Page = page;
}
