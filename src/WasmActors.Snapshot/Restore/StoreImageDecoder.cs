using System.Runtime.InteropServices;
using WasmActors.Snapshot.Format;
using WasmActors.Wasm;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// Turns a snapshot's records into a checked <see cref="StoreImage"/>. Every defect — a record of the wrong
/// kind, an address out of range, a size that disagrees with its contents, an instance whose type disagrees with
/// the module that defines or imports it, a reference to a function that does not exist, code that does not load
/// or validate — is a <see cref="SnapshotFormatException"/>, raised before any instance is built.
/// </summary>
internal static class StoreImageDecoder
{
    /// <summary>Phase one: decode every record (fetched in one round trip, memory page lists in a second) and check addresses and sizes.</summary>
    public static StoreImage DecodeRecords(SnapshotManifest manifest, ChunkFetcher fetcher)
    {
        var m = manifest;
        var config = m.Conf.Engine;
        fetcher.Fetch(m.Modules.Concat(m.Functions).Concat(m.Tables).Concat(m.Memories).Concat(m.Globals).Concat(m.Elements).Concat(m.Datas)
            .Concat(m.Execution is ChunkId e ? [e] : []));
        // Memory records name their page lists: a second round trip fetches those the fetcher does not hold yet.
        fetcher.Fetch(m.Memories.SelectMany((id, i) => RecordCodec.DecodeMemoryHeader(fetcher.Get(id), $"memory {i}", config.PageShift).Lists.Select(l => l.Id)));
        var modules = Decode(m.Modules, "module", fetcher, RecordCodec.DecodeModule);
        var image = new StoreImage
        {
            Manifest = manifest,
            ModuleRecords = modules,
            Functions = Decode(m.Functions, "function", fetcher, RecordCodec.DecodeFunction),
            Tables = Decode(m.Tables, "table", fetcher, RecordCodec.DecodeTable),
            Memories = Decode(m.Memories, "memory", fetcher, (bytes, what) => RecordCodec.DecodeMemory(bytes, what, config.PageShift, id => fetcher.Get(id))),
            Globals = Decode(m.Globals, "global", fetcher, RecordCodec.DecodeGlobal),
            Elements = Decode(m.Elements, "element segment", fetcher, RecordCodec.DecodeElement),
            Datas = Decode(m.Datas, "data segment", fetcher, RecordCodec.DecodeData),
            Execution = m.Execution is ChunkId execution ? RecordCodec.DecodeExecution(fetcher.Get(execution), "paused call") : null,
        };

        foreach (var frame in image.Execution?.Frames ?? [])
        {
            if (frame.Function >= image.Functions.Length || image.Functions[frame.Function] is not WasmFunctionRecord)
            {
                throw new SnapshotFormatException($"a frame of the paused call names function {frame.Function}, which is not a wasm function of the store");
            }
        }

        for (var i = 0; i < modules.Length; i++)
        {
            var record = modules[i];
            var what = $"module {i}";
            CheckAddresses(record.Functions, image.Functions.Length, what, "function");
            CheckAddresses(record.Tables, image.Tables.Length, what, "table");
            CheckAddresses(record.Memories, image.Memories.Length, what, "memory");
            CheckAddresses(record.Globals, image.Globals.Length, what, "global");
            CheckAddresses(record.Elements, image.Elements.Length, what, "element segment");
            CheckAddresses(record.Datas, image.Datas.Length, what, "data segment");
            CheckBlob(record.Code, image.PageSize, $"{what} code");
        }

        image.Owners = OwnerMap.Of(manifest, modules);
        for (var i = 0; i < image.Functions.Length; i++)
        {
            if (image.Functions[i] is WasmFunctionRecord wasm && wasm.Module >= modules.Length)
            {
                throw new SnapshotFormatException($"function {i} belongs to module {wasm.Module}, but there are {modules.Length}");
            }
        }

        for (var i = 0; i < image.Tables.Length; i++)
        {
            CheckBlob(image.Tables[i].Elements, image.PageSize, $"table {i}");
            if (image.Tables[i].Size > config.MaxTableElements)
            {
                throw new SnapshotFormatException($"table {i} has {image.Tables[i].Size} elements, above the engine limit {config.MaxTableElements}");
            }
        }

        for (var i = 0; i < image.Memories.Length; i++)
        {
            if (image.Memories[i].Pages > config.MaxMemoryPages)
            {
                throw new SnapshotFormatException($"memory {i} has {image.Memories[i].Pages} pages, above the engine limit {config.MaxMemoryPages}");
            }
        }

        for (var i = 0; i < image.Elements.Length; i++)
        {
            CheckBlob(image.Elements[i].Items, image.PageSize, $"element segment {i}");
        }

        for (var i = 0; i < image.Datas.Length; i++)
        {
            CheckBlob(image.Datas[i].Bytes, image.PageSize, $"data segment {i}");
        }

        foreach (var page in m.WorkingSet)
        {
            if (page.Memory >= image.Memories.Length || page.Page >= EnginePages(image.Memories[page.Memory], config.PageShift))
            {
                throw new SnapshotFormatException($"working-set page {page.Page} of memory {page.Memory} does not exist");
            }
        }

        return image;
    }

    /// <summary>
    /// Phase two, once the payload is local: assemble contents, load the code, check everything against it. The
    /// contents of <paramref name="lazy"/> kinds are not local yet: <see cref="Initialisers"/> assembles and checks
    /// them (with <see cref="TableContents"/> and friends) when they are first touched.
    /// </summary>
    public static void CompletePayload(StoreImage image, ChunkFetcher fetcher, ModuleCache modules, LazyKinds lazy = LazyKinds.None)
    {
        var config = image.Manifest.Conf.Engine;
        var pageSize = image.PageSize;
        // Every piece assembled below in one request, not a round trip per piece: a module's code alone is
        // hundreds of pieces, and a node that has not seen it would fetch them one after another. Code a prefetch or
        // another restore is loading is left to that load.
        fetcher.Fetch(image.ModuleRecords.Where(r => !modules.CachedOrLoading(r.Code, config)).SelectMany(r => r.Code.Pages)
            .Concat(lazy.HasFlag(LazyKinds.Tables) ? Enumerable.Empty<ChunkId>() : image.Tables.SelectMany(t => t.Elements.Pages))
            .Concat(lazy.HasFlag(LazyKinds.Elements) ? Enumerable.Empty<ChunkId>() : image.Elements.SelectMany(e => e.Items.Pages))
            .Concat(lazy.HasFlag(LazyKinds.Datas) ? Enumerable.Empty<ChunkId>() : image.Datas.SelectMany(d => d.Bytes.Pages)));
        // Code left above to a load that then failed is fetched when Get asks for it: whatever is missing, in one request.
        image.Modules = image.ModuleRecords.Select((r, i) => modules.Get(
            r.Code,
            () =>
            {
                fetcher.Fetch(r.Code.Pages);
                return Assemble(r.Code, fetcher, pageSize);
            },
            config,
            $"module {i}")).ToArray();
        image.TableElements = image.Tables.Select((_, i) => lazy.HasFlag(LazyKinds.Tables) ? null : TableContents(image, i, fetcher)).ToArray();
        image.ElementItems = image.Elements.Select((_, i) => lazy.HasFlag(LazyKinds.Elements) ? null : ElementContents(image, i, fetcher)).ToArray();
        image.DataBytes = image.Datas.Select((_, i) => lazy.HasFlag(LazyKinds.Datas) ? null : DataContents(image, i, fetcher)).ToArray();

        for (var i = 0; i < image.ModuleRecords.Length; i++)
        {
            CheckModule(image, i);
        }

        for (var i = 0; i < image.Functions.Length; i++)
        {
            if (image.Functions[i] is WasmFunctionRecord wasm)
            {
                var owner = image.ModuleRecords[wasm.Module];
                if (wasm.Index < image.Modules[wasm.Module].ImportedFunctionCount || wasm.Index >= owner.Functions.Length || owner.Functions[wasm.Index] != i)
                {
                    throw new SnapshotFormatException($"function {i} claims to be function {wasm.Index} of module {wasm.Module}, which disagrees");
                }
            }
        }

        for (var i = 0; i < image.Globals.Length; i++)
        {
            var global = image.Globals[i];
            if (global.Type.IsReference())
            {
                CheckRefs(image, global.Type, [global.Value], $"global {i}");
            }
        }
    }

    /// <summary>A table's elements, assembled from local chunks and checked (funcrefs name functions, externrefs are null).</summary>
    public static ulong[] TableContents(StoreImage image, int address, ChunkFetcher fetcher)
    {
        var record = image.Tables[address];
        var elements = ToRefs(Assemble(record.Elements, fetcher, image.PageSize));
        CheckRefs(image, record.ElementType, elements, $"table {address}");
        return elements;
    }

    /// <summary>An element segment's items, assembled from local chunks and checked.</summary>
    public static ulong[] ElementContents(StoreImage image, int address, ChunkFetcher fetcher)
    {
        var record = image.Elements[address];
        var items = ToRefs(Assemble(record.Items, fetcher, image.PageSize));
        CheckRefs(image, record.Type, items, $"element segment {address}");
        return items;
    }

    /// <summary>A data segment's bytes, assembled from local chunks.</summary>
    public static byte[] DataContents(StoreImage image, int address, ChunkFetcher fetcher) =>
        Assemble(image.Datas[address].Bytes, fetcher, image.PageSize);

    public static FuncType TypeOf(StoreImage image, int function) => image.Functions[function] switch
    {
        WasmFunctionRecord wasm => TypeOfDefined(image, wasm),
        HostFunctionRecord host => host.Type,
        _ => throw new SnapshotFormatException($"function {function} has an unknown kind"),
    };

    public static long EnginePages(MemoryRecord memory, int pageShift) => (long)memory.Pages * MemoryInstance.WasmPageSize >> pageShift;

    private static FuncType TypeOfDefined(StoreImage image, WasmFunctionRecord wasm)
    {
        var module = image.Modules[wasm.Module];
        var defined = wasm.Index - module.ImportedFunctionCount;
        if (defined < 0 || defined >= module.Functions.Count)
        {
            throw new SnapshotFormatException($"module {wasm.Module} has no defined function {wasm.Index}");
        }

        return module.Types[(int)module.Functions[defined].TypeIndex];
    }

    private static void CheckModule(StoreImage image, int index)
    {
        var record = image.ModuleRecords[index];
        var module = image.Modules[index];
        var what = $"module {index}";
        Expect(record.Functions.Length, module.ImportedFunctionCount + module.Functions.Count, what, "functions");
        Expect(record.Tables.Length, module.ImportedTableCount + module.Tables.Count, what, "tables");
        Expect(record.Memories.Length, module.ImportedMemoryCount + module.Memories.Count, what, "memories");
        Expect(record.Globals.Length, module.ImportedGlobalCount + module.Globals.Count, what, "globals");
        Expect(record.Elements.Length, module.Elements.Count, what, "element segments");
        Expect(record.Datas.Length, module.Datas.Count, what, "data segments");

        int f = 0, t = 0, m = 0, g = 0;
        foreach (var import in module.Imports)
        {
            switch (import.Descriptor)
            {
                case FunctionImport fi:
                    if (!TypeOf(image, record.Functions[f++]).Equals(module.Types[(int)fi.TypeIndex]))
                    {
                        throw Mismatch(what, import);
                    }

                    break;
                case TableImport ti:
                    var table = image.Tables[record.Tables[t++]];
                    if (table.ElementType != ti.Type.ElementType || !LimitsMatch(table.Size, table.Max, ti.Type.Limits))
                    {
                        throw Mismatch(what, import);
                    }

                    break;
                case MemoryImport mi:
                    var memory = image.Memories[record.Memories[m++]];
                    if (!LimitsMatch(memory.Pages, memory.Max, mi.Type.Limits))
                    {
                        throw Mismatch(what, import);
                    }

                    break;
                case GlobalImport gi:
                    var global = image.Globals[record.Globals[g++]];
                    if (global.Type != gi.Type.Type || global.Mutable != gi.Type.Mutable)
                    {
                        throw Mismatch(what, import);
                    }

                    break;
            }
        }

        for (var i = 0; i < module.Functions.Count; i++, f++)
        {
            if (image.Functions[record.Functions[f]] is not WasmFunctionRecord wasm || wasm.Module != index || wasm.Index != f)
            {
                throw new SnapshotFormatException($"{what}: function {f} is not the module's own function {f}");
            }
        }

        foreach (var type in module.Tables)
        {
            var table = image.Tables[record.Tables[t++]];
            if (table.ElementType != type.ElementType || table.Max != type.Limits.Max || table.Size < type.Limits.Min)
            {
                throw new SnapshotFormatException($"{what}: table {t - 1} disagrees with its definition");
            }
        }

        foreach (var type in module.Memories)
        {
            var memory = image.Memories[record.Memories[m++]];
            if (memory.Max != type.Limits.Max || memory.Pages < type.Limits.Min)
            {
                throw new SnapshotFormatException($"{what}: memory {m - 1} disagrees with its definition");
            }
        }

        foreach (var definition in module.Globals)
        {
            var global = image.Globals[record.Globals[g++]];
            if (global.Type != definition.Type.Type || global.Mutable != definition.Type.Mutable)
            {
                throw new SnapshotFormatException($"{what}: global {g - 1} disagrees with its definition");
            }
        }

        for (var i = 0; i < module.Elements.Count; i++)
        {
            if (image.Elements[record.Elements[i]].Type != module.Elements[i].ElementType)
            {
                throw new SnapshotFormatException($"{what}: element segment {i} disagrees with its definition");
            }
        }
    }

    /// <summary>Funcrefs must name functions of the store (or be null); externrefs must be null.</summary>
    public static void CheckRefs(StoreImage image, ValType type, ulong[] values, string what)
    {
        foreach (var value in values)
        {
            var bad = type == ValType.FuncRef ? value > (ulong)image.Functions.Length : value != RefValue.Null;
            if (bad)
            {
                throw new SnapshotFormatException($"{what} holds reference {value}, which names no function that can be restored");
            }
        }
    }

    private static bool LimitsMatch(uint actualMin, uint? actualMax, Limits expected) =>
        actualMin >= expected.Min && (expected.Max is not uint max || (actualMax is uint amax && amax <= max));

    private static SnapshotFormatException Mismatch(string what, Import import) =>
        new($"{what}: the instance bound to import \"{import.ModuleName}\" \"{import.Name}\" does not match its type");

    private static void Expect(int actual, int expected, string what, string kind)
    {
        if (actual != expected)
        {
            throw new SnapshotFormatException($"{what} lists {actual} {kind}, its code has {expected}");
        }
    }

    private static void CheckAddresses(int[] addresses, int count, string what, string kind)
    {
        foreach (var address in addresses)
        {
            if (address >= count)
            {
                throw new SnapshotFormatException($"{what} names {kind} {address}, but there are {count}");
            }
        }
    }

    internal static void CheckBlob(PagedBlob blob, int pageSize, string what)
    {
        if (blob.Pages.LongLength != (blob.Length + pageSize - 1) / pageSize)
        {
            throw new SnapshotFormatException($"{what}: {blob.Length} bytes cannot be {blob.Pages.Length} pages of {pageSize}");
        }
    }

    /// <summary>Joins a blob's pieces; each must be a full page except the last.</summary>
    public static byte[] Assemble(PagedBlob blob, ChunkFetcher fetcher, int pageSize)
    {
        var bytes = new byte[blob.Length];
        long at = 0;
        for (var i = 0; i < blob.Pages.Length; i++)
        {
            var chunk = fetcher.Get(blob.Pages[i]);
            var expected = Math.Min(pageSize, blob.Length - at);
            if (chunk.Length != expected)
            {
                throw new SnapshotFormatException($"piece {i} of a blob has {chunk.Length} bytes, expected {expected}");
            }

            chunk.CopyTo(bytes, at);
            at += chunk.Length;
        }

        return bytes;
    }

    public static ulong[] ToRefs(byte[] bytes) => MemoryMarshal.Cast<byte, ulong>(bytes).ToArray();

    private static T[] Decode<T>(ChunkId[] ids, string kind, ChunkFetcher fetcher, Func<ReadOnlyMemory<byte>, string, T> decode)
    {
        var records = new T[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            records[i] = decode(fetcher.Get(ids[i]), $"{kind} {i}");
        }

        return records;
    }
}
