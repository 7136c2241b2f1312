using System.Runtime.InteropServices;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Capture;

/// <summary>
/// Captures a store as a <see cref="SnapshotImage"/>: every instance becomes a record, every page and piece of code a
/// content-addressed chunk. Identical pages (within and across memories) are stored once; zero pages of linear
/// memory are not stored at all. Two ways in: <see cref="Capture(Store, Machine?, IReadOnlyList{HostStateEntry}?, IEnumerable{WorkingSetPage}?, SnapshotImage?)"/>
/// captures an idle store at once; <see cref="Capture(FrozenStore, SnapshotBaseline?, out SnapshotBaseline)"/>
/// captures a <see cref="FrozenStore"/> on any thread while the program runs on, and against a baseline hashes
/// only the pages written since.
/// </summary>
internal sealed class SnapshotWriter
{
    private readonly FrozenStore _state;
    private readonly int _pageSize;
    private readonly Dictionary<ChunkId, byte[]> _chunks = [];
    private readonly Dictionary<int, (string Module, string Name)> _hostImportNames = [];
    private readonly SnapshotImage? _parent;
    private readonly SnapshotBaseline? _baseline;
    private readonly HashSet<ChunkId> _records = [];
    private readonly Dictionary<object, PagedBlob> _blobs = new(ReferenceEqualityComparer.Instance);
    private readonly List<ChunkId?[]> _pageIds = [];
    private readonly List<ChunkId?[]> _pageListIds = [];

    private SnapshotWriter(FrozenStore state, SnapshotImage? parent, SnapshotBaseline? baseline)
    {
        _state = state;
        _parent = parent;
        _baseline = baseline is not null && ReferenceEquals(baseline.Store, state.Store) ? baseline : null;
        _pageSize = 1 << state.Store.Config.PageShift;
    }

    private Store Store => _state.Store;

    /// <summary>
    /// Snapshots <paramref name="store"/>, which must not be running. Throws <see cref="SnapshotCaptureException"/>
    /// when something cannot move: a live host reference, a host function no module imports, a module whose
    /// binary is unknown (load modules through <see cref="ModuleBinaries.Load"/>).
    /// </summary>
    /// <param name="paused">A machine of this store paused mid-call (its frames and stack are captured), or null when idle.</param>
    /// <param name="parent">
    /// The snapshot this store was restored from: the new snapshot then holds only the chunks the parent lacks, and
    /// pages never touched since a COW restore are named by id without being fetched.
    /// </param>
    public static SnapshotImage Capture(
        Store store,
        Machine? paused = null,
        IReadOnlyList<HostStateEntry>? hostState = null,
        IEnumerable<WorkingSetPage>? workingSet = null,
        SnapshotImage? parent = null)
    {
        var writer = new SnapshotWriter(FrozenStore.Live(store, paused, hostState), parent, null);
        return writer.Write(workingSet, parent);
    }

    /// <summary>
    /// Snapshots a frozen store; safe on any thread while the store runs on. With a <paramref name="baseline"/> of
    /// the same store (the last capture stored where this one goes), the result is a delta holding only the chunks
    /// the baseline lacks, with <see cref="SnapshotBaseline.Parent"/> as its parent: write it with
    /// <c>SnapshotFile.Write(snapshot, delta: true)</c>. When the baseline comes from the freeze just before
    /// <paramref name="frozen"/>, only the pages written in between are read and hashed: the cost is the change, not
    /// the memory size. <paramref name="next"/> is the baseline for the capture after this one.
    /// </summary>
    public static SnapshotImage Capture(FrozenStore frozen, SnapshotBaseline? baseline, out SnapshotBaseline next)
    {
        var writer = new SnapshotWriter(frozen, null, baseline);
        var snapshot = writer.Write(null, writer._baseline?.Parent);
        next = new SnapshotBaseline(snapshot, frozen.Store, frozen.Generation, writer._pageIds.ToArray(), writer._pageListIds.ToArray(), writer._records, writer._blobs);
        return snapshot;
    }

    private SnapshotImage Write(IEnumerable<WorkingSetPage>? workingSet, SnapshotImage? parent)
    {
        CollectHostImportNames();
        var execution = _state.Execution is { } record ? AddRecord(RecordCodec.Encode(record)) : (ChunkId?)null;
        var manifest = new SnapshotManifest(
            new ConfRecord(SnapshotVersion.Engine, Store.Config, _state.HostState),
            Store.Modules.Select(Module).ToArray(),
            Store.Functions.Select(Function).ToArray(),
            _state.Tables.Select(Table).ToArray(),
            _state.Memories.Select(Memory).ToArray(),
            _state.Globals.Select(Global).ToArray(),
            _state.Elements.Select(Element).ToArray(),
            _state.Datas.Select(Data).ToArray(),
            execution,
            workingSet?.Distinct().ToArray() ?? []);
        return new SnapshotImage(manifest, _chunks, parent);
    }

    private ChunkId Module(ModuleInstance module)
    {
        var binary = ModuleBinaries.Find(module.Module)
            ?? throw new SnapshotCaptureException($"module instance {module.Address} ({module.Name ?? "unnamed"}) has no known binary; load it with ModuleBinaries.Load");
        return AddRecord(RecordCodec.Encode(new ModuleRecord(
            module.Name,
            Blob(binary, immutable: true),
            Addresses(module.Functions),
            Addresses(module.Tables),
            Addresses(module.Memories),
            Addresses(module.Globals),
            Addresses(module.Elements),
            Addresses(module.Datas))));
    }

    private ChunkId Function(FunctionInstance function) => AddRecord(RecordCodec.Encode(function switch
    {
        WasmFunction wasm => new WasmFunctionRecord(wasm.Module.Address, wasm.Index),
        HostFunction host when _hostImportNames.TryGetValue(host.Address, out var name) => new HostFunctionRecord(name.Module, name.Name, host.Type),
        _ => throw new SnapshotCaptureException($"host function {function.DisplayName} (address {function.Address}) is not imported by any module, so a restore could not re-bind it"),
    }));

    private ChunkId Table(FrozenStore.TableState table)
    {
        for (var i = 0; i < table.Elements.Length; i++)
        {
            CheckMovable(table.ElementType, table.Elements[i], $"table {table.Address} element {i}");
        }

        var record = new TableRecord(table.ElementType, table.Max, table.Size, Blob(MemoryMarshal.AsBytes(table.Elements.AsSpan()).ToArray(), immutable: false));
        return AddRecord(RecordCodec.Encode(record));
    }

    private ChunkId Memory(MemoryInstance memory, int index)
    {
        var ids = new ChunkId?[memory.EnginePageCount];
        _pageIds.Add(ids);
        var spanCount = (ids.Length + RecordCodec.PageListSpan - 1) / RecordCodec.PageListSpan;
        var listIds = new ChunkId?[spanCount];
        _pageListIds.Add(listIds);
        var before = _baseline is not null && index < _baseline.Pages.Length ? _baseline.Pages[index] : null;
        var beforeLists = _baseline is not null && index < _baseline.PageLists.Length ? _baseline.PageLists[index] : null;

        // Against the freeze just before this one, a page not written in between is the baseline's page, and a span
        // with no written page is the baseline's page list: named without being read, encoded or hashed.
        var written = before is not null && _state.Written is { } lists && _baseline!.Generation == _state.Generation - 1 ? Marks(lists[index], ids.Length) : null;
        var entries = new List<(int Span, ChunkId Id)>();
        var pages = new List<PageRef>(RecordCodec.PageListSpan);
        for (var span = 0; span < spanCount; span++)
        {
            var first = span * RecordCodec.PageListSpan;
            var end = Math.Min(first + RecordCodec.PageListSpan, ids.Length);
            if (written is not null && beforeLists is not null && span < beforeLists.Length && end <= before!.Length && Array.IndexOf(written, true, first, end - first) < 0)
            {
                Array.Copy(before, first, ids, first, end - first);
                if (beforeLists[span] is ChunkId unchanged)
                {
                    listIds[span] = unchanged;
                    entries.Add((span, unchanged));
                    _records.Add(unchanged);
                }

                continue;
            }

            pages.Clear();
            for (var i = first; i < end; i++)
            {
                if (PageId(memory, i, before, written) is ChunkId id)
                {
                    ids[i] = id;
                    pages.Add(new PageRef(i, id));
                }
            }

            if (pages.Count > 0)
            {
                // An unchanged list keeps its id: a delta sends only the lists its written pages fall in.
                var list = AddRecord(RecordCodec.EncodePageList(span, CollectionsMarshal.AsSpan(pages)));
                listIds[span] = list;
                entries.Add((span, list));
            }
        }

        return AddRecord(RecordCodec.EncodeMemoryHeader(memory.Pages, memory.Type.Limits.Max, entries));
    }

    /// <summary>The id of page <paramref name="i"/> (null: all zero), adding its bytes to the snapshot if no one holds them.</summary>
    private ChunkId? PageId(MemoryInstance memory, int i, ChunkId?[]? before, bool[]? written)
    {
        if (written is not null && !written[i])
        {
            // Pages past the baseline's size were added by growing: zero until written.
            return i < before!.Length ? before[i] : null;
        }

        // A page a COW restore never fetched is still the parent's: name it without fetching it.
        if (_parent is not null && memory.PeekPage(i) is null && (uint)i < memory.SourcePages && memory.Source is LazyMemorySource lazy)
        {
            if (lazy.IdOf(i) is ChunkId inherited && _parent.Contains(inherited))
            {
                return inherited;
            }

            if (lazy.IdOf(i) is null)
            {
                return null;
            }
        }

        var page = memory.GetPage(i);
        if (!page.ContainsAnyExcept((byte)0))
        {
            return null;
        }

        var id = ChunkId.Of(page);
        if (before is not null && i < before.Length && before[i] == id)
        {
            return id; // the memory node holds it already
        }

        if (_parent?.Contains(id) != true && !_chunks.ContainsKey(id))
        {
            // A frozen view's pages never change again: the chunk can share the array instead of copying it.
            _chunks[id] = _state.PagesAreImmutable ? memory.PeekPage(i)! : page.ToArray();
        }

        return id;
    }

    private ChunkId Global(FrozenStore.GlobalState global)
    {
        CheckMovable(global.Type.Type, global.Value, $"global {global.Address}");
        return AddRecord(RecordCodec.Encode(new GlobalRecord(global.Type.Type, global.Type.Mutable, global.Value, global.High)));
    }

    private ChunkId Element(FrozenStore.ElementState element)
    {
        for (var i = 0; i < element.Items.Length; i++)
        {
            CheckMovable(element.Type, element.Items[i], $"element segment {element.Address} item {i}");
        }

        return AddRecord(RecordCodec.Encode(new ElementRecord(element.Type, element.Dropped, element.Items.Length, ItemsBlob(element.Items))));
    }

    private ChunkId Data(FrozenStore.DataState data) => AddRecord(RecordCodec.Encode(new DataRecord(data.Dropped, Blob(data.Bytes, immutable: true))));

    private PagedBlob ItemsBlob(ulong[] items)
    {
        // Segment items never change (a drop replaces the array), so their pieces can be reused by reference.
        if (_baseline?.Blobs.TryGetValue(items, out var known) == true)
        {
            Remember(items, known);
            return known;
        }

        var blob = Blob(MemoryMarshal.AsBytes(items.AsSpan()).ToArray(), immutable: false);
        Remember(items, blob);
        return blob;
    }

    private static void CheckMovable(ValType type, ulong value, string where)
    {
        if (type == ValType.ExternRef && value != RefValue.Null)
        {
            throw new SnapshotCaptureException($"{where} holds host reference externref {RefValue.ExternId(value)}, which cannot move to another node");
        }
    }

    private void CollectHostImportNames()
    {
        foreach (var module in Store.Modules)
        {
            var functionIndex = 0;
            foreach (var import in module.Module.Imports)
            {
                if (import.Kind != ExternalKind.Function)
                {
                    continue;
                }

                var function = module.Functions[functionIndex++];
                if (function is HostFunction)
                {
                    _hostImportNames.TryAdd(function.Address, (import.ModuleName, import.Name));
                }
            }
        }
    }

    /// <param name="immutable">The array never changes (module code, segment bytes): its pieces are reused by reference.</param>
    private PagedBlob Blob(byte[] bytes, bool immutable)
    {
        if (immutable && _baseline?.Blobs.TryGetValue(bytes, out var known) == true)
        {
            Remember(bytes, known);
            return known;
        }

        var pages = new ChunkId[(bytes.Length + _pageSize - 1) / _pageSize];
        for (var i = 0; i < pages.Length; i++)
        {
            var start = i * _pageSize;
            pages[i] = AddRecord(bytes.AsSpan(start, Math.Min(_pageSize, bytes.Length - start)).ToArray());
        }

        var blob = new PagedBlob(bytes.Length, pages);
        if (immutable)
        {
            Remember(bytes, blob);
        }

        return blob;
    }

    private void Remember(object array, PagedBlob blob)
    {
        _blobs[array] = blob;
        _records.UnionWith(blob.Pages);
    }

    /// <summary>Adds a record or a piece of one, unless the parent (or the baseline) already holds it.</summary>
    private ChunkId AddRecord(byte[] content)
    {
        var id = ChunkId.Of(content);
        _records.Add(id);
        if (_parent?.Contains(id) != true && _baseline?.Records.Contains(id) != true)
        {
            _chunks.TryAdd(id, content);
        }

        return id;
    }

    private static bool[] Marks(int[] pages, int count)
    {
        var marks = new bool[count];
        foreach (var page in pages)
        {
            if ((uint)page < (uint)count)
            {
                marks[page] = true;
            }
        }

        return marks;
    }

    private static int[] Addresses<T>(T[] instances)
        where T : StoreInstance => instances.Select(i => i.Address).ToArray();
}
