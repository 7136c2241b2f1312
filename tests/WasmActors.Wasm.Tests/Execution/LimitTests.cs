using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using static WasmActors.Wasm.Tests.Execution.ExecutionModules;

namespace WasmActors.Wasm.Tests.Execution;

public sealed class LimitTests
{
    /// <summary>depth(n) = n == 0 ? 0 : 1 + depth(n - 1): n + 1 frames.</summary>
    private static Module Depth(int extraLocals = 0) => Build(
        [I32ToI32],
        ("depth", 0, Enumerable.Repeat(ValType.I64, extraLocals).ToArray(), [
            Get(0), Op(Opcode.I32Eqz),
            Block(Opcode.If, ValType.I32),
                I32(0),
            Op(Opcode.Else),
                Get(0), I32(1), Op(Opcode.I32Sub), Op(Opcode.Call, 0), I32(1), Op(Opcode.I32Add),
            Op(Opcode.End),
        ]));

    [Fact]
    public void UnboundedRecursionTrapsInsteadOfCrashing()
    {
        var module = Build([VoidToVoid], ("forever", 0, [], [Op(Opcode.Call, 0)]));
        var store = new Store();
        var forever = Instantiate(module, store).GetFunction("forever");

        var trap = Assert.Throws<WasmTrapException>(() => Executor.Invoke(store, forever, []));

        Assert.Equal(TrapMessages.CallStackExhausted, trap.Reason);
        Assert.Equal(EngineConfig.Default.MaxCallDepth, trap.WasmBacktrace.Count);
        Assert.All(trap.WasmBacktrace, frame => Assert.Equal("forever", frame));
    }

    [Fact]
    public void CallDepthLimitIsExact()
    {
        var store = new Store(EngineConfig.Default with { MaxCallDepth = 50 });
        var depth = Instantiate(Depth(), store).GetFunction("depth");

        Assert.Equal(49UL, Executor.Invoke(store, depth, [49])[0]);
        var trap = Assert.Throws<WasmTrapException>(() => Executor.Invoke(store, depth, [50]));
        Assert.Equal(TrapMessages.CallStackExhausted, trap.Reason);
    }

    [Fact]
    public void ValueStackLimitTraps()
    {
        var store = new Store(EngineConfig.Default with { MaxValueStackSlots = 20_000 });
        var depth = Instantiate(Depth(extraLocals: 1000), store).GetFunction("depth");

        Assert.Equal(10UL, Executor.Invoke(store, depth, [10])[0]);
        var trap = Assert.Throws<WasmTrapException>(() => Executor.Invoke(store, depth, [100]));
        Assert.Equal(TrapMessages.CallStackExhausted, trap.Reason);
    }

    [Fact]
    public void DeepButAllowedRecursionRuns()
    {
        var store = new Store();
        var depth = Instantiate(Depth(), store).GetFunction("depth");
        var limit = EngineConfig.Default.MaxCallDepth - 1;
        Assert.Equal((ulong)limit, Executor.Invoke(store, depth, [(uint)limit])[0]);
    }

    [Fact]
    public void ArgumentCountMustMatch()
    {
        var store = new Store();
        var depth = Instantiate(Depth(), store).GetFunction("depth");
        Assert.Throws<ArgumentException>(() => Executor.Invoke(store, depth, []));
    }
}
