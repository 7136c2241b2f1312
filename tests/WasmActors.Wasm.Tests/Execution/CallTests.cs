using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using static WasmActors.Wasm.Tests.Execution.ExecutionModules;

namespace WasmActors.Wasm.Tests.Execution;

public sealed class CallTests
{
    private static readonly FuncType BinaryI32 = new([ValType.I32, ValType.I32], [ValType.I32]);

    [Fact]
    public void HostFunctionsGetArgumentsAndTheCallersMemory()
    {
        var store = new Store();
        ModuleInstance? seenCaller = null;
        var host = new HostFunction(BinaryI32, (context, arguments, results) =>
        {
            seenCaller = context.Caller;
            context.Memory!.Store<uint>(8, (uint)arguments[0]);
            results[0] = (uint)(arguments[0] * 10 + arguments[1]);
        }, "host_mix");
        var module = new Module();
        module.Types.Add(BinaryI32);
        module.Imports.Add(new Import("env", "mix", new FunctionImport(0)));
        module.Functions.Add(Body(0, [], Get(0), Get(1), Op(Opcode.Call, 0), I32(8), Op(Opcode.I32Load, 2), Op(Opcode.I32Add)));
        module.Exports.Add(new Export("run", ExternalKind.Function, 1));
        module.Memories.Add(new MemoryType(new Limits(1, null)));
        var instance = Instantiate(module, store, new Linker().Define("env", "mix", store.Add(host)));

        Assert.Equal(34UL + 3, Executor.Invoke(store, instance.GetFunction("run"), [3, 4])[0]);
        Assert.Same(instance, seenCaller);
    }

    [Fact]
    public void HostTrapsCarryTheHostFrame()
    {
        var store = new Store();
        var host = new HostFunction(VoidToVoid, (_, _, _) => throw new WasmTrapException("host says no"), "refuse");
        var module = new Module();
        module.Types.Add(VoidToVoid);
        module.Imports.Add(new Import("env", "refuse", new FunctionImport(0)));
        module.Functions.Add(Body(0, [], Op(Opcode.Call, 0)));
        module.Exports.Add(new Export("run", ExternalKind.Function, 1));
        module.Names = new NameSection();
        module.Names.FunctionNames[1] = "caller";
        var instance = Instantiate(module, store, new Linker().Define("env", "refuse", store.Add(host)));

        var trap = Assert.Throws<WasmTrapException>(() => Executor.Invoke(store, instance.GetFunction("run"), []));
        Assert.Equal("host says no", trap.Reason);
        Assert.Equal(["refuse", "caller"], trap.WasmBacktrace);
    }

    [Fact]
    public void CallsIntoAnotherInstanceUseThatInstancesMemory()
    {
        var store = new Store();
        var library = Build([VoidToI32], ("bump", 0, [], [I32(0), I32(0), Op(Opcode.I32Load, 2), I32(1), Op(Opcode.I32Add), Op(Opcode.I32Store, 2), I32(0), Op(Opcode.I32Load, 2)]));
        library.Memories.Add(new MemoryType(new Limits(1, null)));
        var libraryInstance = Instantiate(library, store);

        var user = new Module();
        user.Types.Add(VoidToI32);
        user.Imports.Add(new Import("lib", "bump", new FunctionImport(0)));
        user.Functions.Add(Body(0, [], Op(Opcode.Call, 0), Op(Opcode.Drop), Op(Opcode.Call, 0), I32(0), Op(Opcode.I32Load, 2), Op(Opcode.I32Add)));
        user.Exports.Add(new Export("run", ExternalKind.Function, 1));
        user.Memories.Add(new MemoryType(new Limits(1, null)));
        var userInstance = Instantiate(user, store, new Linker().DefineInstance("lib", libraryInstance));

        // The library's counter reaches 2; the user's own memory still holds 0 at address 0.
        Assert.Equal(2UL, Executor.Invoke(store, userInstance.GetFunction("run"), [])[0]);
        Assert.Equal(2u, libraryInstance.Memories[0].Load<uint>(0));
        Assert.Equal(0u, userInstance.Memories[0].Load<uint>(0));
    }

    [Fact]
    public void InvokingAHostFunctionDirectlyWorks()
    {
        var store = new Store();
        var host = store.Add(new HostFunction(BinaryI32, (context, arguments, results) =>
        {
            Assert.Null(context.Caller);
            results[0] = arguments[0] - arguments[1];
        }));
        Assert.Equal(5UL, Executor.Invoke(store, host, [8, 3])[0]);
    }

    [Fact]
    public void MultiValueResultsAndBranchesKeepTheirOrder()
    {
        // swap(a, b) = (b, a) through a block of type [i32 i32] -> [i32 i32] left by br_table.
        var pairType = new FuncType([ValType.I32, ValType.I32], [ValType.I32, ValType.I32]);
        var module = new Module();
        module.Types.Add(pairType);
        module.Functions.Add(Body(0, [],
            Get(1), Get(0),
            BlockType.Encode(Opcode.Block, new BlockType(BlockTypeKind.TypeIndex, 0), 0),
                Get(0), Op(Opcode.BrTable, 0, labels: [0, 0]),
            Op(Opcode.End)));
        module.Exports.Add(new Export("swap", ExternalKind.Function, 0));
        var store = new Store();
        var swap = Instantiate(module, store).GetFunction("swap");

        Assert.Equal([7UL, 5UL], Executor.Invoke(store, swap, [5, 7]));
        Assert.Equal([0UL, 9UL], Executor.Invoke(store, swap, [9, 0]));
    }
}
