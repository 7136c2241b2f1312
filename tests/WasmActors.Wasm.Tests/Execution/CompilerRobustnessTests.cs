using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using static WasmActors.Wasm.Tests.Execution.ExecutionModules;

namespace WasmActors.Wasm.Tests.Execution;

public sealed class CompilerRobustnessTests
{
    /// <summary>
    /// A deep operand stack with local reads and writes on top of it: compile work per instruction must not grow
    /// with the stack's depth (this shape is quadratic for a compiler that scans the whole stack on local.set).
    /// </summary>
    [Fact]
    public void DeepStacksWithManyLocalWritesCompileAndRun()
    {
        const int Depth = 20_000;
        var code = new List<Instruction>();
        for (var i = 0; i < Depth; i++)
        {
            code.Add(I32(i));
        }

        for (var i = 0; i < Depth; i++)
        {
            // local0 = local0 + 1, through a lazily read local left on the stack and dropped.
            code.AddRange([Get(0), Get(0), I32(1), Op(Opcode.I32Add), Set(0), Op(Opcode.Drop)]);
        }

        for (var i = 0; i < Depth - 1; i++)
        {
            code.Add(Op(Opcode.Drop));
        }

        // The last constant left is 0: add local0 (= Depth) to it.
        code.AddRange([Get(0), Op(Opcode.I32Add)]);
        var module = Build([VoidToI32], ("deep", 0, [ValType.I32], [.. code]));
        var store = new Store();
        var deep = Instantiate(module, store).GetFunction("deep");

        Assert.Equal((ulong)Depth, Executor.Invoke(store, deep, [])[0]);
    }

    [Fact]
    public void ALocalReadBeforeItIsOverwrittenKeepsTheOldValue()
    {
        // (local.get 0) (local.set 0 (i32.const 5)) (local.get 0) i32.sub: the first read must see 7, not 5.
        var module = Build([I32ToI32], ("f", 0, [], [Get(0), I32(5), Set(0), Get(0), Op(Opcode.I32Sub)]));
        var store = new Store();
        var f = Instantiate(module, store).GetFunction("f");
        Assert.Equal(2UL, Executor.Invoke(store, f, [7])[0]);
    }

    [Fact]
    public void TeeIntoALocalThatIsStillOnTheStack()
    {
        // x=3: (local.get 0) (local.tee 0 (i32.mul (local.get 0) (i32.const 10))) i32.add = 3 + 30.
        var module = Build([I32ToI32], ("f", 0, [], [Get(0), Get(0), I32(10), Op(Opcode.I32Mul), Op(Opcode.LocalTee, 0), Op(Opcode.I32Add)]));
        var store = new Store();
        var f = Instantiate(module, store).GetFunction("f");
        Assert.Equal(33UL, Executor.Invoke(store, f, [3])[0]);
    }
}
