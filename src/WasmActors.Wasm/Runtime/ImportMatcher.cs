using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Runtime;

/// <summary>The spec's import matching rules ("extern subtyping"): an instance can satisfy an import when its type matches.</summary>
internal static class ImportMatcher
{
    public static StoreInstance Resolve(Import import, IImportResolver resolver, Module module)
    {
        var instance = resolver.Resolve(import.ModuleName, import.Name)
            ?? throw new WasmLinkException($"unknown import: \"{import.ModuleName}\" \"{import.Name}\" is not defined");

        var matches = (import.Descriptor, instance) switch
        {
            (FunctionImport f, FunctionInstance actual) => actual.Type.Equals(module.Types[(int)f.TypeIndex]),
            (TableImport t, TableInstance actual) =>
                actual.Type.ElementType == t.Type.ElementType && LimitsMatch(actual.Size, actual.Type.Limits.Max, t.Type.Limits),
            (MemoryImport m, MemoryInstance actual) => LimitsMatch(actual.Pages, actual.Type.Limits.Max, m.Type.Limits),
            (GlobalImport g, GlobalInstance actual) => actual.Type == g.Type,
            _ => false,
        };

        return matches
            ? instance
            : throw new WasmLinkException($"incompatible import type for \"{import.ModuleName}\" \"{import.Name}\": expected {Describe(import.Descriptor, module)}, found {Describe(instance)}");
    }

    private static bool LimitsMatch(uint actualMin, uint? actualMax, Limits expected) =>
        actualMin >= expected.Min && (expected.Max is not uint max || (actualMax is uint amax && amax <= max));

    private static string Describe(ImportDescriptor descriptor, Module module) => descriptor switch
    {
        FunctionImport f => $"func {module.Types[(int)f.TypeIndex]}",
        TableImport t => $"table {t.Type.ElementType.Name()} {t.Type.Limits.Min}..{t.Type.Limits.Max?.ToString() ?? ""}",
        MemoryImport m => $"memory {m.Type.Limits.Min}..{m.Type.Limits.Max?.ToString() ?? ""}",
        GlobalImport g => $"global {(g.Type.Mutable ? "mut " : "")}{g.Type.Type.Name()}",
        _ => descriptor.Kind.ToString(),
    };

    private static string Describe(StoreInstance instance) => instance switch
    {
        FunctionInstance f => $"func {f.Type}",
        TableInstance t => $"table {t.Type.ElementType.Name()} {t.Size}..{t.Type.Limits.Max?.ToString() ?? ""}",
        MemoryInstance m => $"memory {m.Pages}..{m.Type.Limits.Max?.ToString() ?? ""}",
        GlobalInstance g => $"global {(g.Type.Mutable ? "mut " : "")}{g.Type.Type.Name()}",
        _ => instance.GetType().Name,
    };
}
