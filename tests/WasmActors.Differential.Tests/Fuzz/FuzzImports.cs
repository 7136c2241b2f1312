using WasmActors.Wasm.Model;

namespace WasmActors.Differential.Tests.Fuzz;

/// <summary>The host functions binaryen's fuzz modules import: each logs one value, and both engines record the calls.</summary>
public static class FuzzImports
{
    public const string Module = "fuzzing-support";

    public static readonly IReadOnlyDictionary<string, ValType> LogFunctions = new Dictionary<string, ValType>
    {
        ["log-i32"] = ValType.I32,
        ["log-i64"] = ValType.I64,
        ["log-f32"] = ValType.F32,
        ["log-f64"] = ValType.F64,
        ["log-v128"] = ValType.V128,
    };

    /// <summary>Why a module cannot be run by this harness (an import it does not provide), or null.</summary>
    public static string? Unsupported(IEnumerable<(string Module, string Name)> imports) =>
        imports.Where(i => i.Module != Module || !LogFunctions.ContainsKey(i.Name))
            .Select(i => $"unsupported import {i.Module}.{i.Name}")
            .FirstOrDefault();
}
