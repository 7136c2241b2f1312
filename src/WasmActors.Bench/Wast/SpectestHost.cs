using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Bench.Wast;

/// <summary>
/// The <c>spectest</c> module that the spec tests import from, with the limits and values of the spec's reference
/// interpreter (imports.wast and linking.wast check them).
/// </summary>
internal static class SpectestHost
{
    public const string ModuleName = "spectest";

    /// <summary>Creates the spectest instances in <paramref name="store"/> and defines them in <paramref name="linker"/>.</summary>
    public static void Define(Store store, Linker linker)
    {
        DefinePrint(store, linker, "print");
        DefinePrint(store, linker, "print_i32", ValType.I32);
        DefinePrint(store, linker, "print_i64", ValType.I64);
        DefinePrint(store, linker, "print_f32", ValType.F32);
        DefinePrint(store, linker, "print_f64", ValType.F64);
        DefinePrint(store, linker, "print_i32_f32", ValType.I32, ValType.F32);
        DefinePrint(store, linker, "print_f64_f64", ValType.F64, ValType.F64);

        DefineGlobal(store, linker, "global_i32", ValType.I32, 666);
        DefineGlobal(store, linker, "global_i64", ValType.I64, 666);
        DefineGlobal(store, linker, "global_f32", ValType.F32, BitConverter.SingleToUInt32Bits(666.6f));
        DefineGlobal(store, linker, "global_f64", ValType.F64, BitConverter.DoubleToUInt64Bits(666.6));

        var table = new TableInstance(new TableType(ValType.FuncRef, new Limits(10, 20)), RefValue.Null, store.Config.MaxTableElements);
        linker.Define(ModuleName, "table", store.Add(table));

        var memory = new MemoryInstance(new MemoryType(new Limits(1, 2)), store.Config.MaxMemoryPages, store.Config.PageShift);
        linker.Define(ModuleName, "memory", store.Add(memory));
    }

    // The reference interpreter prints the arguments; a test runner has no use for them, so they are dropped.
    private static void DefinePrint(Store store, Linker linker, string name, params ValType[] parameters)
    {
        var function = new HostFunction(new FuncType(parameters, []), static (_, _, _) => { }, $"{ModuleName}.{name}");
        linker.Define(ModuleName, name, store.Add(function));
    }

    private static void DefineGlobal(Store store, Linker linker, string name, ValType type, ulong value) =>
        linker.Define(ModuleName, name, store.Add(new GlobalInstance(new GlobalType(type, Mutable: false), value)));
}
