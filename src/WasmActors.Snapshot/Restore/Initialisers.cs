using WasmActors.Snapshot.Format;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// Builds each table and segment of a fork with one of the seed's initialisers: from serialised state when its
/// contents are already local, or pseudo-initialised with a fault reference when its kind is lazy in this
/// granularity and mode (<see cref="LazyKinds"/>). A fault fetches the unit that holds the instance in one round trip
/// (nothing if an earlier fault or another fork brought it), assembles and checks the contents once for every fork of
/// the restore, and counts in the touching fork's <see cref="ForkMetrics"/>. Any failure traps the touching
/// instruction and leaves the instance pseudo-initialised. Thread-safe: forks may fault on different threads.
/// </summary>
internal sealed class Initialisers
{
    private readonly StoreImage _image;
    private readonly ChunkFetcher _fetcher;
    private readonly Granularity _granularity;
    private readonly ulong[]?[] _tables;
    private readonly ulong[]?[] _elements;
    private readonly byte[]?[] _datas;
    private readonly Dictionary<int, ChunkId[]> _moduleUnits = [];
    private readonly Lock _lock = new();

    public Initialisers(StoreImage image, ChunkFetcher fetcher, Granularity granularity, LazyKinds lazy)
    {
        _image = image;
        _fetcher = fetcher;
        _granularity = granularity;
        Lazy = lazy;
        _tables = new ulong[]?[image.Tables.Length];
        _elements = new ulong[]?[image.Elements.Length];
        _datas = new byte[]?[image.Datas.Length];
        EagerTableBytes = image.TableElements.Sum(t => t is null ? 0 : (long)t.Length * 8);
    }

    public LazyKinds Lazy { get; }

    /// <summary>Bytes of table elements a fork copies before its first instruction (resident tables are copied per fork).</summary>
    public long EagerTableBytes { get; }

    public TableInstance Table(int address, ForkMetrics fork)
    {
        var record = _image.Tables[address];
        var type = new TableType(record.ElementType, new Limits(record.Size, record.Max));
        var max = _image.Manifest.Conf.Engine.MaxTableElements;
        if (_image.TableElements[address] is { } resident)
        {
            return new TableInstance(type, (ulong[])resident.Clone(), max);
        }

        // Each fork owns its table (call_indirect targets change at run time), so it gets a copy of the shared contents.
        return TableInstance.PseudoInitialised(
            type,
            record.Size,
            () => (ulong[])Resolve(_tables, address, $"table {address}", _image.Owners.Tables, record.Elements.Pages, fork, StoreImageDecoder.TableContents).Clone(),
            max);
    }

    public ElementInstance Element(int address, ForkMetrics fork)
    {
        var record = _image.Elements[address];
        if (record.Dropped)
        {
            var dropped = new ElementInstance(record.Type, []);
            dropped.Drop();
            return dropped;
        }

        // Segments are never changed in place (drop replaces the array), so forks share the items.
        if (_image.ElementItems[address] is { } resident)
        {
            return new ElementInstance(record.Type, resident);
        }

        var what = $"element segment {address}";
        if (_granularity == Granularity.Page)
        {
            // A paged object at Page granularity: table.init fetches the pieces its range spans, checked on arrival.
            return ElementInstance.PseudoInitialised(record.Type, record.Count, _image.PageSize / sizeof(ulong), (first, count) => Pieces(what, record.Items, first, count, fork, bytes =>
            {
                var items = StoreImageDecoder.ToRefs(bytes);
                StoreImageDecoder.CheckRefs(_image, record.Type, items, what);
                return items;
            }));
        }

        return ElementInstance.PseudoInitialised(
            record.Type,
            record.Count,
            Math.Max(record.Count, 1),
            (_, _) => [Resolve(_elements, address, what, _image.Owners.Elements, record.Items.Pages, fork, StoreImageDecoder.ElementContents)]);
    }

    public DataInstance Data(int address, ForkMetrics fork)
    {
        var record = _image.Datas[address];
        if (record.Dropped)
        {
            var dropped = new DataInstance(ReadOnlyMemory<byte>.Empty);
            dropped.Drop();
            return dropped;
        }

        if (_image.DataBytes[address] is { } resident)
        {
            return new DataInstance(resident);
        }

        var length = (int)record.Bytes.Length;
        if (_granularity is Granularity.Page or Granularity.Mixture)
        {
            // Data is a paged object at these granularities: memory.init fetches the pieces its range spans.
            return DataInstance.PseudoInitialised(length, _image.PageSize, (first, count) => Pieces($"data segment {address}", record.Bytes, first, count, fork, bytes => bytes));
        }

        return DataInstance.PseudoInitialised(
            length,
            Math.Max(length, 1),
            (_, _) => [Resolve(_datas, address, $"data segment {address}", _image.Owners.Datas, record.Bytes.Pages, fork, StoreImageDecoder.DataContents)]);
    }

    /// <summary>
    /// Resolves a paged segment's fault: pieces [first, first + count) of <paramref name="blob"/>, fetched in one round
    /// trip and turned into items (and checked) by <paramref name="convert"/>.
    /// </summary>
    private T[][] Pieces<T>(string what, PagedBlob blob, int first, int count, ForkMetrics fork, Func<byte[], T[]> convert)
    {
        fork.CountStoreUnitFault();
        try
        {
            var ids = blob.Pages.AsSpan(first, count).ToArray();
            _fetcher.Fetch(ids, fork);
            return ids.Select(id => convert(_fetcher.Get(id))).ToArray();
        }
        catch (Exception e) when (FaultTraps.IsUnavailable(e))
        {
            throw FaultTraps.Unavailable($"{what} pieces {first}..{first + count - 1}", e);
        }
    }

    /// <summary>Resolves one fault reference: the shared contents of the instance at <paramref name="address"/>.</summary>
    private T Resolve<T>(T?[] shared, int address, string what, int[] owners, ChunkId[] ownPieces, ForkMetrics fork, Func<StoreImage, int, ChunkFetcher, T> assemble)
        where T : class
    {
        fork.CountStoreUnitFault();
        try
        {
            lock (_lock)
            {
                if (shared[address] is { } ready)
                {
                    return ready;
                }
            }

            _fetcher.Fetch(_granularity == Granularity.Module ? ModuleUnit(owners[address]) : ownPieces, fork);
            lock (_lock)
            {
                return shared[address] ??= assemble(_image, address, _fetcher);
            }
        }
        catch (Exception e) when (FaultTraps.IsUnavailable(e))
        {
            throw FaultTraps.Unavailable(what, e);
        }
    }

    private ChunkId[] ModuleUnit(int module)
    {
        lock (_lock)
        {
            if (!_moduleUnits.TryGetValue(module, out var unit))
            {
                unit = UnitPlanner.ModuleUnit(_image, Lazy, module);
                _moduleUnits[module] = unit;
            }

            return unit;
        }
    }
}
