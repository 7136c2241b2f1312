using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

/// <summary>
/// The spec's validation context C: the module's index spaces (imports first, then definitions) resolved to
/// their types, so that instructions can be checked by plain array lookups.
/// </summary>
internal sealed class ModuleContext
{
    private ModuleContext(Module module, FuncType[] functionTypes, int importedFunctionCount, TableType[] tables, int memoryCount, GlobalType[] globals, int importedGlobalCount)
    {
        Module = module;
        FunctionTypes = functionTypes;
        ImportedFunctionCount = importedFunctionCount;
        Tables = tables;
        MemoryCount = memoryCount;
        Globals = globals;
        ImportedGlobalCount = importedGlobalCount;
        DeclaredFunctions = new bool[functionTypes.Length];

        // The data count section, when present, is what the binary format lets a single-pass validator check
        // memory.init and data.drop against; the loader guarantees it equals the number of data segments.
        DataCount = module.DataCount ?? (uint)module.Datas.Count;
    }

    public Module Module { get; }

    public List<FuncType> Types => Module.Types;

    /// <summary>The type of every function in the function index space.</summary>
    public FuncType[] FunctionTypes { get; }

    public int ImportedFunctionCount { get; }

    /// <summary>Every table in the table index space.</summary>
    public TableType[] Tables { get; }

    public int MemoryCount { get; }

    /// <summary>Every global in the global index space.</summary>
    public GlobalType[] Globals { get; }

    /// <summary>Constant expressions may only read these first globals (Wasm 2.0 rule).</summary>
    public int ImportedGlobalCount { get; }

    public uint DataCount { get; }

    /// <summary>
    /// The spec's C.refs: functions referenced outside function bodies (element segments, exports, global
    /// initialisers, segment offsets). Only these may be named by ref.func inside a body.
    /// </summary>
    public bool[] DeclaredFunctions { get; }

    /// <summary>Builds the context; throws for imports or functions naming an unknown type.</summary>
    public static ModuleContext Build(Module module)
    {
        var functionTypes = new List<FuncType>(module.Imports.Count + module.Functions.Count);
        var tables = new List<TableType>(module.Tables.Count + 1);
        var globals = new List<GlobalType>(module.Globals.Count + 1);
        var memoryCount = 0;
        foreach (var import in module.Imports)
        {
            switch (import.Descriptor)
            {
                case FunctionImport f:
                    functionTypes.Add(TypeAt(module, f.TypeIndex, functionIndex: null));
                    break;
                case TableImport t:
                    tables.Add(t.Type);
                    break;
                case MemoryImport:
                    memoryCount++;
                    break;
                case GlobalImport g:
                    globals.Add(g.Type);
                    break;
            }
        }

        var importedFunctionCount = functionTypes.Count;
        var importedGlobalCount = globals.Count;
        foreach (var function in module.Functions)
        {
            functionTypes.Add(TypeAt(module, function.TypeIndex, functionTypes.Count));
        }

        tables.AddRange(module.Tables);
        memoryCount += module.Memories.Count;
        foreach (var global in module.Globals)
        {
            globals.Add(global.Type);
        }

        return new ModuleContext(module, [.. functionTypes], importedFunctionCount, [.. tables], memoryCount, [.. globals], importedGlobalCount);
    }

    public FuncType TypeAt(uint index, int? functionIndex, int? offset) =>
        index < (uint)Types.Count ? Types[(int)index] : throw new WasmValidationException(ValidationMessages.UnknownType(index), functionIndex, offset);

    private static FuncType TypeAt(Module module, uint index, int? functionIndex) =>
        index < (uint)module.Types.Count ? module.Types[(int)index] : throw new WasmValidationException(ValidationMessages.UnknownType(index), functionIndex);
}
