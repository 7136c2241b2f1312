using System.Runtime.InteropServices;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Capture;

/// <summary>
/// Captures an idle store as a <see cref="Snapshot"/>: every instance becomes a record, every page and piece of
/// code a content-addressed chunk. Identical pages (within and across memories) are stored once; zero pages of
/// linear memory are not stored at all.
/// </summary>
public sealed class SnapshotWriter
{
    private readonly Store _store;
    private readonly int _pageSize;
    private readonly Dictionary<ChunkId, byte[]> _chunks = [];
    private readonly Dictionary<int, (string Module, string Name)> _hostImportNames = [];
    private readonly Snapshot? _parent;

    private SnapshotWriter(Store store, Snapshot? parent)
    {
        _store = store;
        _parent = parent;
        _pageSize = 1 << store.Config.PageShift;
    }

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
    public static Snapshot Capture(
        Store store,
        Machine? paused = null,
        IReadOnlyList<HostStateEntry>? hostState = null,
        IEnumerable<WorkingSetPage>? workingSet = null,
        Snapshot? parent = null)
    {
        var writer = new SnapshotWriter(store, parent);
        var execution = paused is null ? (ChunkId?)null : writer.Execution(paused);
        writer.CollectHostImportNames();
        var manifest = new SnapshotManifest(
            new ConfRecord(SnapshotVersion.Engine, store.Config, hostState ?? []),
            store.Modules.Select(writer.Module).ToArray(),
            store.Functions.Select(writer.Function).ToArray(),
            store.Tables.Select(writer.Table).ToArray(),
            store.Memories.Select(writer.Memory).ToArray(),
            store.Globals.Select(writer.Global).ToArray(),
            store.Elements.Select(writer.Element).ToArray(),
            store.Datas.Select(writer.Data).ToArray(),
            execution,
            workingSet?.Distinct().ToArray() ?? []);
        return new Snapshot(manifest, writer._chunks, parent);
    }

    private ChunkId Module(ModuleInstance module)
    {
        var binary = ModuleBinaries.Find(module.Module)
            ?? throw new SnapshotCaptureException($"module instance {module.Address} ({module.Name ?? "unnamed"}) has no known binary; load it with ModuleBinaries.Load");
        return Add(RecordCodec.Encode(new ModuleRecord(
            module.Name,
            Blob(binary),
            Addresses(module.Functions),
            Addresses(module.Tables),
            Addresses(module.Memories),
            Addresses(module.Globals),
            Addresses(module.Elements),
            Addresses(module.Datas))));
    }

    private ChunkId Function(FunctionInstance function) => Add(RecordCodec.Encode(function switch
    {
        WasmFunction wasm => new WasmFunctionRecord(wasm.Module.Address, wasm.Index),
        HostFunction host when _hostImportNames.TryGetValue(host.Address, out var name) => new HostFunctionRecord(name.Module, name.Name, host.Type),
        _ => throw new SnapshotCaptureException($"host function {function.DisplayName} (address {function.Address}) is not imported by any module, so a restore could not re-bind it"),
    }));

    private ChunkId Table(TableInstance table)
    {
        for (var i = 0; i < table.Elements.Length; i++)
        {
            CheckMovable(table.Type.ElementType, table.Elements[i], $"table {table.Address} element {i}");
        }

        var record = new TableRecord(table.Type.ElementType, table.Type.Limits.Max, table.Size, Blob(MemoryMarshal.AsBytes(table.Elements.AsSpan()).ToArray()));
        return Add(RecordCodec.Encode(record));
    }

    private ChunkId Memory(MemoryInstance memory)
    {
        var pages = new List<PageRef>();
        for (var i = 0; i < memory.EnginePageCount; i++)
        {
            // A page a COW restore never fetched is still the parent's: name it without fetching it.
            if (_parent is not null && memory.PeekPage(i) is null && (uint)i < memory.SourcePages && memory.Source is LazyMemorySource lazy)
            {
                if (lazy.IdOf(i) is ChunkId inherited && _parent.Contains(inherited))
                {
                    pages.Add(new PageRef(i, inherited));
                    continue;
                }

                if (lazy.IdOf(i) is null)
                {
                    continue;
                }
            }

            var page = memory.GetPage(i);
            if (page.ContainsAnyExcept((byte)0))
            {
                pages.Add(new PageRef(i, Add(page.ToArray())));
            }
        }

        return Add(RecordCodec.Encode(new MemoryRecord(memory.Pages, memory.Type.Limits.Max, pages.ToArray())));
    }

    private ChunkId Global(GlobalInstance global)
    {
        CheckMovable(global.Type.Type, global.Value, $"global {global.Address}");
        return Add(RecordCodec.Encode(new GlobalRecord(global.Type.Type, global.Type.Mutable, global.Value)));
    }

    private ChunkId Element(ElementInstance element)
    {
        for (var i = 0; i < element.Elements.Length; i++)
        {
            CheckMovable(element.Type, element.Elements[i], $"element segment {element.Address} item {i}");
        }

        var items = MemoryMarshal.AsBytes(element.Elements.AsSpan()).ToArray();
        return Add(RecordCodec.Encode(new ElementRecord(element.Type, element.IsDropped, element.Elements.Length, Blob(items))));
    }

    private ChunkId Execution(Machine machine)
    {
        if (!ReferenceEquals(machine.Store, _store) || machine.State != MachineState.Ready || machine.FrameCount == 0)
        {
            throw new SnapshotCaptureException($"only a paused machine of this store can be captured (it is {machine.State} with {machine.FrameCount} frames)");
        }

        var frames = new FrameRecord[machine.FrameCount];
        for (var i = 0; i < frames.Length; i++)
        {
            var frame = machine.GetFrame(i);
            frames[i] = new FrameRecord(frame.Function.Address, frame.Pc, frame.StackBase);
        }

        // Stack slots are raw: a live host reference there cannot be told apart from a number, so the
        // reference check covers tables, globals and segments, where types are known.
        return Add(RecordCodec.Encode(new ExecutionRecord(frames, machine.Stack.ToArray())));
    }

    private ChunkId Data(DataInstance data) => Add(RecordCodec.Encode(new DataRecord(data.IsDropped, Blob(data.Bytes))));

    private static void CheckMovable(ValType type, ulong value, string where)
    {
        if (type == ValType.ExternRef && value != RefValue.Null)
        {
            throw new SnapshotCaptureException($"{where} holds host reference externref {RefValue.ExternId(value)}, which cannot move to another node");
        }
    }

    private void CollectHostImportNames()
    {
        foreach (var module in _store.Modules)
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

    private PagedBlob Blob(byte[] bytes)
    {
        var pages = new ChunkId[(bytes.Length + _pageSize - 1) / _pageSize];
        for (var i = 0; i < pages.Length; i++)
        {
            var start = i * _pageSize;
            pages[i] = Add(bytes.AsSpan(start, Math.Min(_pageSize, bytes.Length - start)).ToArray());
        }

        return new PagedBlob(bytes.Length, pages);
    }

    private ChunkId Add(byte[] content)
    {
        var id = ChunkId.Of(content);
        if (_parent?.Contains(id) != true)
        {
            _chunks.TryAdd(id, content);
        }

        return id;
    }

    private static int[] Addresses<T>(T[] instances)
        where T : StoreInstance => instances.Select(i => i.Address).ToArray();
}
