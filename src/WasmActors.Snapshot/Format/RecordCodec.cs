using WasmActors.Wasm;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Format;

/// <summary>
/// Encodes and decodes the records of a snapshot. Decoding checks each record on its own (kind tag, value types,
/// counts, nothing left over); <see cref="Restore.StoreImageDecoder"/> then checks how records refer to each other.
/// </summary>
internal static class RecordCodec
{
    // ---- Manifest ----

    public static byte[] Encode(SnapshotManifest manifest)
    {
        var w = Open(RecordKind.Manifest);
        EncodeConf(w, manifest.Conf);
        foreach (var ids in new[] { manifest.Modules, manifest.Functions, manifest.Tables, manifest.Memories, manifest.Globals, manifest.Elements, manifest.Datas })
        {
            Ids(w, ids);
        }

        w.Bool(manifest.Execution.HasValue);
        if (manifest.Execution is ChunkId execution)
        {
            w.Id(execution);
        }

        w.Int(manifest.WorkingSet.Length);
        foreach (var page in manifest.WorkingSet)
        {
            w.Int(page.Memory);
            w.Int(page.Page);
        }

        return w.ToArray();
    }

    public static SnapshotManifest DecodeManifest(ReadOnlyMemory<byte> bytes)
    {
        var r = Expect(bytes, RecordKind.Manifest, "manifest");
        var conf = DecodeConf(r);
        var modules = Ids(r);
        var functions = Ids(r);
        var tables = Ids(r);
        var memories = Ids(r);
        var globals = Ids(r);
        var elements = Ids(r);
        var datas = Ids(r);
        ChunkId? execution = r.Bool() ? r.Id() : null;
        var workingSet = new WorkingSetPage[r.Count(2)];
        for (var i = 0; i < workingSet.Length; i++)
        {
            workingSet[i] = new WorkingSetPage(r.Int(), r.Int());
        }

        r.ExpectEnd();
        return new SnapshotManifest(conf, modules, functions, tables, memories, globals, elements, datas, execution, workingSet);
    }

    private static void EncodeConf(ByteWriter w, ConfRecord conf)
    {
        w.String(conf.EngineVersion);
        var e = conf.Engine;
        w.Int(e.MaxCallDepth);
        w.Int(e.MaxValueStackSlots);
        w.U32(e.MaxMemoryPages);
        w.U32(e.MaxTableElements);
        w.Int(e.PageShift);
        w.Int(e.MaxLocals);
        w.Int(e.MaxModuleBytes);
        w.Int(conf.HostState.Count);
        foreach (var entry in conf.HostState)
        {
            w.String(entry.Name);
            w.Int(entry.Content.Length);
            w.Bytes(entry.Content);
        }
    }

    private static ConfRecord DecodeConf(ByteReader r)
    {
        var version = r.String();
        var engine = new EngineConfig
        {
            MaxCallDepth = r.Int(),
            MaxValueStackSlots = r.Int(),
            MaxMemoryPages = r.U32(),
            MaxTableElements = r.U32(),
            PageShift = r.Int(),
            MaxLocals = r.Int(),
            MaxModuleBytes = r.Int(),
        };
        if (engine.PageShift is < 12 or > 16)
        {
            throw r.Fail($"engine page shift {engine.PageShift} is outside 12..16");
        }

        if (engine.MaxMemoryPages > 65536 || engine.MaxCallDepth == 0 || engine.MaxValueStackSlots == 0)
        {
            throw r.Fail("engine limits out of range");
        }

        var hostState = new HostStateEntry[r.Count(2)];
        for (var i = 0; i < hostState.Length; i++)
        {
            var name = r.String();
            hostState[i] = new HostStateEntry(name, r.Take(r.Count()).ToArray());
        }

        return new ConfRecord(version, engine, hostState);
    }

    // ---- Instance records ----

    public static byte[] Encode(ModuleRecord module)
    {
        var w = Open(RecordKind.Module);
        w.OptionalString(module.Name);
        Blob(w, module.Code);
        foreach (var space in new[] { module.Functions, module.Tables, module.Memories, module.Globals, module.Elements, module.Datas })
        {
            w.Int(space.Length);
            foreach (var address in space)
            {
                w.Int(address);
            }
        }

        return w.ToArray();
    }

    public static ModuleRecord DecodeModule(ReadOnlyMemory<byte> bytes, string what)
    {
        var r = Expect(bytes, RecordKind.Module, what);
        var name = r.OptionalString();
        var code = Blob(r);
        var spaces = new int[6][];
        for (var s = 0; s < spaces.Length; s++)
        {
            spaces[s] = new int[r.Count()];
            for (var i = 0; i < spaces[s].Length; i++)
            {
                spaces[s][i] = r.Int();
            }
        }

        r.ExpectEnd();
        return new ModuleRecord(name, code, spaces[0], spaces[1], spaces[2], spaces[3], spaces[4], spaces[5]);
    }

    public static byte[] Encode(FunctionRecord function)
    {
        switch (function)
        {
            case WasmFunctionRecord wasm:
                {
                    var w = Open(RecordKind.WasmFunction);
                    w.Int(wasm.Module);
                    w.Int(wasm.Index);
                    return w.ToArray();
                }

            case HostFunctionRecord host:
                {
                    var w = Open(RecordKind.HostFunction);
                    w.String(host.ImportModule);
                    w.String(host.ImportName);
                    Types(w, host.Type.Parameters);
                    Types(w, host.Type.Results);
                    return w.ToArray();
                }

            default:
                throw new ArgumentException($"unknown function record {function.GetType().Name}", nameof(function));
        }
    }

    public static FunctionRecord DecodeFunction(ReadOnlyMemory<byte> bytes, string what)
    {
        var r = new ByteReader(bytes, what);
        var kind = (RecordKind)r.Byte();
        FunctionRecord record = kind switch
        {
            RecordKind.WasmFunction => new WasmFunctionRecord(r.Int(), r.Int()),
            RecordKind.HostFunction => new HostFunctionRecord(r.String(), r.String(), new FuncType(Types(r), Types(r))),
            _ => throw r.Fail($"expected a function record, found record kind {(byte)kind}"),
        };
        r.ExpectEnd();
        return record;
    }

    public static byte[] Encode(TableRecord table) =>
        EncodeReferences(RecordKind.Table, table.ElementType, table.Max is not null, table.Max, table.Size, table.Elements);

    public static TableRecord DecodeTable(ReadOnlyMemory<byte> bytes, string what)
    {
        var (type, _, max, size, elements) = DecodeReferences(bytes, RecordKind.Table, what);
        return new TableRecord(type, max, size, elements);
    }

    /// <summary>
    /// Engine pages per page list: a memory record names one list per span of this many pages, so a change to a few
    /// pages changes one list of at most ~4 KiB plus the small record, not a list of the whole memory.
    /// </summary>
    public const int PageListSpan = 256;

    /// <summary>
    /// A memory record and its page lists (kind <see cref="RecordKind.MemoryPages"/>): the record holds the size and
    /// the id of one list per <see cref="PageListSpan"/> pages that holds a non-zero page; each list holds those pages.
    /// </summary>
    public static (byte[] Record, byte[][] Lists) Encode(MemoryRecord memory)
    {
        var lists = new List<(int Span, byte[] List)>();
        var pages = memory.ResidentPages;
        for (var first = 0; first < pages.Length;)
        {
            var span = pages[first].Index / PageListSpan;
            var end = first;
            while (end < pages.Length && pages[end].Index / PageListSpan == span)
            {
                end++;
            }

            lists.Add((span, EncodePageList(span, pages.AsSpan(first, end - first))));
            first = end;
        }

        var record = EncodeMemoryHeader(memory.Pages, memory.Max, lists.Select(l => (l.Span, ChunkId.Of(l.List))).ToArray());
        return (record, lists.Select(l => l.List).ToArray());
    }

    /// <summary>One page list: the non-zero pages of span <paramref name="span"/>, ascending (1 to <see cref="PageListSpan"/> of them).</summary>
    public static byte[] EncodePageList(int span, ReadOnlySpan<PageRef> pages)
    {
        var w = Open(RecordKind.MemoryPages);
        w.Int(pages.Length);
        var previous = (span * PageListSpan) - 1;
        foreach (var page in pages)
        {
            // Delta-coded: ascending indices cost one byte each when dense.
            w.Int(page.Index - previous - 1);
            w.Id(page.Id);
            previous = page.Index;
        }

        return w.ToArray();
    }

    /// <summary>A memory record naming its page lists (spans ascending).</summary>
    public static byte[] EncodeMemoryHeader(uint pages, uint? max, IReadOnlyList<(int Span, ChunkId Id)> lists)
    {
        var record = Open(RecordKind.Memory);
        record.U32(pages);
        record.OptionalU32(max);
        record.Int(lists.Count);
        var previousSpan = -1;
        foreach (var (span, id) in lists)
        {
            record.Int(span - previousSpan - 1);
            record.Id(id);
            previousSpan = span;
        }

        return record.ToArray();
    }

    /// <summary>A memory record's size, maximum and page lists (by span), checked against the engine's page size.</summary>
    public static MemoryRecordHeader DecodeMemoryHeader(ReadOnlyMemory<byte> bytes, string what, int pageShift)
    {
        var r = Expect(bytes, RecordKind.Memory, what);
        var pages = r.U32();
        var max = r.OptionalU32();
        if (pages > 65536 || (max is uint m && (pages > m || m > 65536)))
        {
            throw r.Fail($"memory size {pages} pages (maximum {max}) is out of range");
        }

        var enginePages = (long)pages * MemoryInstance.WasmPageSize >> pageShift;
        var lists = new (int Span, ChunkId Id)[r.Count(1 + ChunkId.Size)];
        long span = -1;
        for (var i = 0; i < lists.Length; i++)
        {
            span += (long)r.U64() + 1;
            if (span * PageListSpan >= enginePages)
            {
                throw r.Fail($"a page list starts at page {span * PageListSpan}, outside the memory's {enginePages} pages");
            }

            lists[i] = ((int)span, r.Id());
        }

        r.ExpectEnd();
        return new MemoryRecordHeader(pages, max, enginePages, lists);
    }

    /// <summary>
    /// The whole memory record: its header and every page list, read through <paramref name="list"/> (which returns
    /// a list chunk by id; the caller fetched them).
    /// </summary>
    public static MemoryRecord DecodeMemory(ReadOnlyMemory<byte> bytes, string what, int pageShift, Func<ChunkId, ReadOnlyMemory<byte>> list)
    {
        var header = DecodeMemoryHeader(bytes, what, pageShift);
        var resident = new List<PageRef>();
        foreach (var (span, id) in header.Lists)
        {
            DecodePageList(list(id), span, header.EnginePages, $"{what} page list {span}", resident);
        }

        return new MemoryRecord(header.Pages, header.Max, resident.ToArray());
    }

    /// <summary>Adds the pages of one page list (of span <paramref name="span"/> in a memory of <paramref name="enginePages"/>) to <paramref name="into"/>.</summary>
    public static void DecodePageList(ReadOnlyMemory<byte> bytes, int span, long enginePages, string what, List<PageRef> into)
    {
        var r = Expect(bytes, RecordKind.MemoryPages, what);
        var count = r.Count(1 + ChunkId.Size);
        if (count == 0 || count > PageListSpan)
        {
            throw r.Fail($"a page list of {count} pages (1..{PageListSpan})");
        }

        long index = ((long)span * PageListSpan) - 1;
        for (var i = 0; i < count; i++)
        {
            index += (long)r.U64() + 1;
            if (index >= enginePages)
            {
                throw r.Fail($"page {index} is outside the memory's {enginePages} pages");
            }

            if (index >= ((long)span + 1) * PageListSpan)
            {
                throw r.Fail($"page {index} is outside its list's span ({span * PageListSpan}..{((span + 1) * PageListSpan) - 1})");
            }

            into.Add(new PageRef((int)index, r.Id()));
        }

        r.ExpectEnd();
    }

    public static byte[] Encode(GlobalRecord global)
    {
        var w = Open(RecordKind.Global);
        w.Byte((byte)global.Type);
        w.Bool(global.Mutable);
        w.Fixed64(global.Value);
        if (global.Type == ValType.V128)
        {
            w.Fixed64(global.High); // the upper 64 bits of the vector
        }

        return w.ToArray();
    }

    public static GlobalRecord DecodeGlobal(ReadOnlyMemory<byte> bytes, string what)
    {
        var r = Expect(bytes, RecordKind.Global, what);
        var type = ValueType(r);
        var mutable = r.Bool();
        var value = r.Fixed64();
        var record = new GlobalRecord(type, mutable, value, type == ValType.V128 ? r.Fixed64() : 0);
        r.ExpectEnd();
        if (type == ValType.I32 || type == ValType.F32)
        {
            if (record.Value > uint.MaxValue)
            {
                throw r.Fail("a 32-bit global holds more than 32 bits");
            }
        }

        return record;
    }

    public static byte[] Encode(ElementRecord element) =>
        EncodeReferences(RecordKind.Element, element.Type, element.Dropped, null, (uint)element.Count, element.Items);

    public static ElementRecord DecodeElement(ReadOnlyMemory<byte> bytes, string what)
    {
        var (type, dropped, _, count, items) = DecodeReferences(bytes, RecordKind.Element, what);
        return new ElementRecord(type, dropped, (int)count, items);
    }

    public static byte[] Encode(DataRecord data)
    {
        var w = Open(RecordKind.Data);
        w.Bool(data.Dropped);
        Blob(w, data.Bytes);
        return w.ToArray();
    }

    public static DataRecord DecodeData(ReadOnlyMemory<byte> bytes, string what)
    {
        var r = Expect(bytes, RecordKind.Data, what);
        var record = new DataRecord(r.Bool(), Blob(r));
        r.ExpectEnd();
        if (record.Dropped && record.Bytes.Length != 0)
        {
            throw r.Fail("a dropped data segment still holds bytes");
        }

        return record;
    }

    public static byte[] Encode(ExecutionRecord execution)
    {
        var w = Open(RecordKind.Execution);
        w.Int(execution.Frames.Length);
        foreach (var frame in execution.Frames)
        {
            w.Int(frame.Function);
            w.Int(frame.Pc);
            w.Int(frame.StackBase);
        }

        w.Int(execution.Stack.Length);
        foreach (var slot in execution.Stack)
        {
            w.Fixed64(slot);
        }

        return w.ToArray();
    }

    public static ExecutionRecord DecodeExecution(ReadOnlyMemory<byte> bytes, string what)
    {
        var r = Expect(bytes, RecordKind.Execution, what);
        var frames = new FrameRecord[r.Count(3)];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = new FrameRecord(r.Int(), r.Int(), r.Int());
        }

        var stack = new ulong[r.Count(8)];
        for (var i = 0; i < stack.Length; i++)
        {
            stack[i] = r.Fixed64();
        }

        r.ExpectEnd();
        return frames.Length > 0 ? new ExecutionRecord(frames, stack) : throw r.Fail("a paused call has no frames");
    }

    // ---- Shared pieces ----

    private static ByteWriter Open(RecordKind kind)
    {
        var w = new ByteWriter();
        w.Byte((byte)kind);
        return w;
    }

    private static ByteReader Expect(ReadOnlyMemory<byte> bytes, RecordKind kind, string what)
    {
        var r = new ByteReader(bytes, what);
        var found = r.Byte();
        return found == (byte)kind ? r : throw r.Fail($"expected a {kind} record, found record kind {found}");
    }

    private static void Ids(ByteWriter w, ChunkId[] ids)
    {
        w.Int(ids.Length);
        foreach (var id in ids)
        {
            w.Id(id);
        }
    }

    private static ChunkId[] Ids(ByteReader r)
    {
        var ids = new ChunkId[r.Count(ChunkId.Size)];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = r.Id();
        }

        return ids;
    }

    private static void Blob(ByteWriter w, PagedBlob blob)
    {
        w.U64((ulong)blob.Length);
        Ids(w, blob.Pages);
    }

    private static PagedBlob Blob(ByteReader r)
    {
        var length = r.U64();
        if (length > int.MaxValue)
        {
            throw r.Fail($"a blob of {length} bytes is too large");
        }

        return new PagedBlob((long)length, Ids(r));
    }

    private static void Types(ByteWriter w, ValType[] types)
    {
        w.Int(types.Length);
        foreach (var type in types)
        {
            w.Byte((byte)type);
        }
    }

    private static ValType[] Types(ByteReader r)
    {
        var types = new ValType[r.Count()];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = ValueType(r);
        }

        return types;
    }

    private static ValType ValueType(ByteReader r)
    {
        var b = r.Byte();
        return Enum.IsDefined((ValType)b) ? (ValType)b : throw r.Fail($"unknown value type 0x{b:x2}");
    }

    // Tables and element segments are one record around a vector of 8-byte references: the reference type, a flag
    // (a table has a maximum, a segment was dropped), the table's maximum, the count, then the references as a blob.
    // One coder for both keeps the two layouts and the check that the blob holds exactly count references together.
    private static byte[] EncodeReferences(RecordKind kind, ValType type, bool flag, uint? max, uint count, PagedBlob references)
    {
        var w = Open(kind);
        w.Byte((byte)type);
        w.Bool(flag);
        if (kind == RecordKind.Table && max is uint limit)
        {
            w.U32(limit);
        }

        w.U32(count);
        Blob(w, references);
        return w.ToArray();
    }

    private static (ValType Type, bool Flag, uint? Max, uint Count, PagedBlob References) DecodeReferences(ReadOnlyMemory<byte> bytes, RecordKind kind, string what)
    {
        var table = kind == RecordKind.Table;
        var r = Expect(bytes, kind, what);
        var type = RefType(r);
        var flag = r.Bool();
        var max = table && flag ? r.U32() : (uint?)null;
        var count = table ? r.U32() : (uint)r.Int();
        var references = Blob(r);
        r.ExpectEnd();
        if (references.Length != (long)count * 8 || (!table && flag && count != 0))
        {
            throw r.Fail(table
                ? $"a table of {count} elements holds {references.Length} bytes"
                : $"an element segment of {count} items holds {references.Length} bytes");
        }

        if (max is uint limit && count > limit)
        {
            throw r.Fail($"a table of {count} elements exceeds its maximum {limit}");
        }

        return (type, flag, max, count, references);
    }

    private static ValType RefType(ByteReader r)
    {
        var type = ValueType(r);
        return type.IsReference() ? type : throw r.Fail($"{type.Name()} is not a reference type");
    }
}
