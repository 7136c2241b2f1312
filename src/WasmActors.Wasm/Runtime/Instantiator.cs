using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Runtime;

/// <summary>Instantiates a validated module into a store.</summary>
internal static class Instantiator
{
    /// <summary>
    /// Resolves imports (throws <see cref="WasmLinkException"/>), allocates instances in WasmEdge's order (function
    /// types, imports, functions, tables, memories, globals, exports, elements, data), initialises active segments
    /// and runs the start function (throws <see cref="WasmTrapException"/>). As in the spec, a trap while
    /// initialising segments leaves the writes already made to imported tables and memories in place.
    /// </summary>
    public static ModuleInstance Instantiate(Store store, Module module, IImportResolver imports, string? name = null)
    {
        var instance = new ModuleInstance(module, name);
        var config = store.Config;

        // Imports: resolve all before allocating anything, so a link error leaves the store untouched.
        var functions = new List<FunctionInstance>();
        var tables = new List<TableInstance>();
        var memories = new List<MemoryInstance>();
        var globals = new List<GlobalInstance>();
        foreach (var import in module.Imports)
        {
            switch (ImportMatcher.Resolve(import, imports, module))
            {
                case FunctionInstance f:
                    functions.Add(f);
                    break;
                case TableInstance t:
                    tables.Add(t);
                    break;
                case MemoryInstance m:
                    memories.Add(m);
                    break;
                case GlobalInstance g:
                    globals.Add(g);
                    break;
            }
        }

        // Functions: allocated before anything that can refer to them (ref.func in initialisers).
        var firstDefined = functions.Count;
        for (var i = 0; i < module.Functions.Count; i++)
        {
            var body = module.Functions[i];
            functions.Add(new WasmFunction(module.Types[(int)body.TypeIndex], instance, firstDefined + i, body));
        }

        instance.Functions = functions.ToArray();

        // Imports are resolved, so nothing below is a link error: the new functions join the store now, because
        // a funcref is a store address and initialisers below may take references to them.
        foreach (var f in instance.Functions)
        {
            store.Add(f);
        }

        foreach (var type in module.Tables)
        {
            tables.Add(new TableInstance(type, RefValue.Null, config.MaxTableElements));
        }

        instance.Tables = tables.ToArray();

        foreach (var type in module.Memories)
        {
            memories.Add(new MemoryInstance(type, config.MaxMemoryPages, config.PageShift));
        }

        instance.Memories = memories.ToArray();

        // Globals: initialisers may read imported globals (already in the list) and take function references.
        instance.Globals = globals.ToArray();
        foreach (var global in module.Globals)
        {
            var value = ConstExprEvaluator.Evaluate(global.Init, instance, out var high);
            globals.Add(new GlobalInstance(global.Type, value) { High = high });
            instance.Globals = globals.ToArray();
        }

        foreach (var export in module.Exports)
        {
            instance.Exports[export.Name] = export.Kind switch
            {
                ExternalKind.Function => instance.Functions[export.Index],
                ExternalKind.Table => instance.Tables[export.Index],
                ExternalKind.Memory => instance.Memories[export.Index],
                _ => instance.Globals[export.Index],
            };
        }

        instance.Elements = module.Elements
            .Select(e => new ElementInstance(e.ElementType, e.Items.Select(item => ConstExprEvaluator.Evaluate(item, instance)).ToArray()))
            .ToArray();
        instance.Datas = module.Datas.Select(d => new DataInstance(d.Bytes)).ToArray();

        // From here on the instance is part of the store: segment initialisation may trap half way, and what it
        // wrote to imported tables and memories stays visible, as the spec requires.
        AddAll(store, instance.Tables);
        AddAll(store, instance.Memories);
        AddAll(store, instance.Globals);
        AddAll(store, instance.Elements);
        AddAll(store, instance.Datas);
        store.AddModule(instance);

        InitializeElements(module, instance);
        InitializeData(module, instance);

        if (module.Start is uint start)
        {
            Executor.Invoke(store, instance.Functions[start], []);
        }

        return instance;
    }

    private static void InitializeElements(Module module, ModuleInstance instance)
    {
        for (var i = 0; i < module.Elements.Count; i++)
        {
            var segment = module.Elements[i];
            var element = instance.Elements[i];
            if (segment.Mode == SegmentMode.Active)
            {
                var table = instance.Tables[segment.TableIndex];
                var offset = (uint)ConstExprEvaluator.Evaluate(segment.Offset!, instance);
                var items = element.Elements;
                if ((ulong)offset + (ulong)items.Length > table.Size)
                {
                    throw new WasmTrapException(TrapMessages.OutOfBoundsTable);
                }

                items.CopyTo(table.Elements, (int)offset);
            }

            if (segment.Mode != SegmentMode.Passive)
            {
                element.Drop();
            }
        }
    }

    private static void InitializeData(Module module, ModuleInstance instance)
    {
        for (var i = 0; i < module.Datas.Count; i++)
        {
            var segment = module.Datas[i];
            if (segment.Mode != SegmentMode.Active)
            {
                continue;
            }

            var memory = instance.Memories[segment.MemoryIndex];
            var offset = (uint)ConstExprEvaluator.Evaluate(segment.Offset!, instance);
            memory.Write(offset, segment.Bytes.Span);
            instance.Datas[i].Drop();
        }
    }

    private static void AddAll<T>(Store store, T[] instances)
        where T : StoreInstance
    {
        foreach (var instance in instances)
        {
            store.Add(instance);
        }
    }
}
