using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using static WasmActors.Wasm.Tests.Execution.ExecutionModules;

namespace WasmActors.Wasm.Tests.Execution;

/// <summary>Host functions see a v128 as two raw values (low half first), both when wasm calls them and when they are invoked directly.</summary>
public sealed class SimdHostCallTests
{
    private static readonly FuncType Mix = new([ValType.V128, ValType.I32], [ValType.I32, ValType.V128]);

    /// <summary>Swaps the halves of the vector and returns the i32 plus one, first.</summary>
    private static HostFunction NewHost() => new(Mix, (_, arguments, results) =>
    {
        Assert.Equal(3, arguments.Length);
        var (low, high, number) = (arguments[0], arguments[1], arguments[2]);
        results[0] = (uint)number + 1;
        results[1] = high;
        results[2] = low;
    }, "mix");

    [Fact]
    public void Wasm_passes_and_receives_v128_through_a_host_call()
    {
        var store = new Store();
        var module = new Module();
        module.Types.Add(Mix);
        module.Types.Add(new FuncType([ValType.I32], [ValType.I32, ValType.V128]));
        module.Imports.Add(new Import("env", "mix", new FunctionImport(0)));
        module.Functions.Add(Body(1, [], I64(5), Op(Opcode.Drop), new Instruction(Opcode.V128Const, 0, 0, 0x1111, 0x2222, 0), Get(0), Op(Opcode.Call, 0)));
        module.Exports.Add(new Export("run", ExternalKind.Function, 1));
        var instance = Instantiate(module, store, new Linker().Define("env", "mix", store.Add(NewHost())));

        Assert.Equal([42UL, 0x2222, 0x1111], Executor.Invoke(store, instance.GetFunction("run"), [41]));
    }

    [Fact]
    public void A_host_function_started_directly_takes_raw_v128_halves()
    {
        var store = new Store();
        var host = store.Add(NewHost());

        Assert.Equal([8UL, 0xBB, 0xAA], Executor.Invoke(store, host, [0xAA, 0xBB, 7]));
        Assert.Throws<ArgumentException>(() => Executor.Invoke(store, host, [0xAA, 7]));
    }
}
