using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using static WasmActors.Wasm.Tests.Execution.ExecutionModules;

namespace WasmActors.Wasm.Tests.Execution;

/// <summary>
/// A memory without a page source starts flat (one array, every access in bounds a cache hit) and becomes paged for
/// good at its first fork, freeze or page-level use (ADR-013). Nothing may be lost in between: the bytes, the bounds,
/// the pages a freeze reports, and compiled bodies that hold the array and its reach in locals across a grow or a call
/// that pages the memory.
/// </summary>
public sealed class FlatMemoryTests
{
    private const ulong WasmPage = MemoryInstance.WasmPageSize;

    [Fact]
    public void TheFirstFreezeKeepsEveryByteAndReportsOnlyPagesThatHoldData()
    {
        var memory = new MemoryInstance(new MemoryType(new Limits(2, null)));
        Assert.True(memory.IsFlat);
        memory.Store((3 * 4096) + 8UL, 0xDEADBEEFu);
        memory.Store((7 * 4096) + 4095UL, (byte)9);
        memory.Store((5 * 4096) + 16UL, 0UL); // written, but zero: as the zero source has it
        memory.Store(8191UL, (ushort)0x0102); // straddles pages 1 and 2

        var view = memory.Freeze(out var written);

        Assert.False(memory.IsFlat);
        Assert.Equal([1, 2, 3, 7], written);
        foreach (var m in new[] { memory, view })
        {
            Assert.Equal(0xDEADBEEFu, m.Load<uint>((3 * 4096) + 8UL));
            Assert.Equal(9, m.Load<byte>((7 * 4096) + 4095UL));
            Assert.Equal(0x0102, m.Load<ushort>(8191UL));
            Assert.Equal(0UL, m.Load<ulong>((5 * 4096) + 16UL));
        }

        memory.Store((3 * 4096) + 8UL, 1u);
        Assert.Equal(0xDEADBEEFu, view.Load<uint>((3 * 4096) + 8UL));
        memory.Freeze(out var writtenBetween);
        Assert.Equal([3], writtenBetween);
    }

    [Fact]
    public void GrowingKeepsTheBytesTheBoundsAndTheFlatArray()
    {
        var memory = new MemoryInstance(new MemoryType(new Limits(1, 100)));
        memory.Store(WasmPage - 8, 77UL);
        Assert.Throws<WasmTrapException>(() => memory.Load<uint>(WasmPage - 2));

        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(1 + i, memory.Grow(1)); // each past the array's length at times: a larger array, copied
            memory.Store(((ulong)(i + 2) * WasmPage) - 4, (uint)i + 1);
        }

        Assert.True(memory.IsFlat);
        Assert.Equal(77UL, memory.Load<ulong>(WasmPage - 8));
        Assert.Equal(0u, memory.Load<uint>(WasmPage - 2) & 0xFFFF_0000u); // the first page's last bytes, then zeros
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal((uint)i + 1, memory.Load<uint>(((ulong)(i + 2) * WasmPage) - 4));
        }

        Assert.Throws<WasmTrapException>(() => memory.Load<byte>(10 * WasmPage));
        Assert.Throws<WasmTrapException>(() => memory.Store((10 * WasmPage) - 3, 1u));
        Assert.Equal(-1, memory.Grow(91));
    }

    /// <summary>
    /// A flat memory's array grows by doubling, so it may hold more than the memory's length: the growth gate (a
    /// node's memory budget) must have allowed every byte of it, and a refused doubling falls back to what was asked.
    /// </summary>
    [Fact]
    public void AFlatMemoryNeverHoldsMoreThanItsGrowthGateAllowed()
    {
        var memory = new MemoryInstance(new MemoryType(new Limits(1, null)));
        var gate = new CountingGate(allowed: 5 * WasmPage);
        memory.GrowthGate = gate;

        for (var pages = 2; pages <= 5; pages++)
        {
            Assert.Equal(pages - 1, memory.Grow(1));
            Assert.True(memory.IsFlat);
            Assert.True((ulong)memory.AllocatedBytes <= WasmPage + gate.Taken, $"{memory.AllocatedBytes} bytes held at {pages} pages; the gate allowed {WasmPage} + {gate.Taken}");
            memory.Store(((ulong)pages * WasmPage) - 8, (ulong)pages);
        }

        Assert.Equal(5 * WasmPage, (ulong)memory.AllocatedBytes);
        Assert.Equal(-1, memory.Grow(1));
        for (var pages = 2; pages <= 5; pages++)
        {
            Assert.Equal((ulong)pages, memory.Load<ulong>(((ulong)pages * WasmPage) - 8));
        }
    }

    [Fact]
    public void AnEmptyFlatMemoryTrapsOnEveryAccessUntilItGrows()
    {
        var memory = new MemoryInstance(new MemoryType(new Limits(0, 1)));
        Assert.Throws<WasmTrapException>(() => memory.Load<byte>(0));
        Assert.Throws<WasmTrapException>(() => memory.Store(0UL, (byte)1));
        Assert.Equal(0, memory.Grow(1));
        memory.Store(WasmPage - 1, (byte)5);
        Assert.Equal(5, memory.Load<byte>(WasmPage - 1));
    }

    /// <summary>
    /// Compiled: store, memory.grow past the array (the memory moves to a larger one), store again in the old and the
    /// new range, load. A body that kept the old array as its last page would write where the memory no longer reads.
    /// </summary>
    [Fact]
    public void ACompiledBodyWritesToTheLargerArrayAfterMemoryGrow()
    {
        var module = Build([VoidToI32], ("run", 0, [], [
            I32(0), I32(1), Op(Opcode.I32Store, 2),
            I32(0), Op(Opcode.I32Load, 2), Op(Opcode.Drop),
            I32(4), Op(Opcode.MemoryGrow), Op(Opcode.Drop),
            I32(0), I32(2), Op(Opcode.I32Store, 2),
            I32(4 * (int)WasmPage), I32(3), Op(Opcode.I32Store, 2),
            I32(0), Op(Opcode.I32Load, 2), I32(4 * (int)WasmPage), Op(Opcode.I32Load, 2), Op(Opcode.I32Add),
        ]));
        module.Memories.Add(new MemoryType(new Limits(1, null)));
        var store = new Store();
        var instance = Instantiate(module, store);
        TierTests.PinTier(instance, compiled: true);

        Assert.Equal(5UL, Executor.Invoke(store, instance.GetFunction("run"), [])[0]);
        var memory = instance.Memories[0];
        Assert.Equal(2u, memory.Load<uint>(0));
        Assert.Equal(3u, memory.Load<uint>(4 * WasmPage));
    }

    /// <summary>
    /// Compiled: store, load, then a host call that freezes the memory (which pages it), then store and load again. A
    /// body that kept the flat array and its reach would write into the array the memory gave up.
    /// </summary>
    [Fact]
    public void ACompiledBodyGoesOnThroughTheCachesAfterAHostCallPagedItsMemory()
    {
        MemoryInstance? view = null;
        var freeze = new HostFunction(VoidToVoid, (context, _, _) => view = context.Memory!.Freeze(out _), "freeze");
        var module = new Module();
        module.Types.Add(VoidToVoid);
        module.Types.Add(VoidToI32);
        module.Imports.Add(new Import("env", "freeze", new FunctionImport(0)));
        module.Functions.Add(Body(1, [],
            I32(8), I32(1), Op(Opcode.I32Store, 2),
            I32(8), Op(Opcode.I32Load, 2), Op(Opcode.Drop),
            Op(Opcode.Call, 0),
            I32(8), I32(2), Op(Opcode.I32Store, 2),
            I32(40_000), I32(3), Op(Opcode.I32Store, 2),
            I32(8), Op(Opcode.I32Load, 2), I32(40_000), Op(Opcode.I32Load, 2), Op(Opcode.I32Add)));
        module.Exports.Add(new Export("run", ExternalKind.Function, 1));
        module.Memories.Add(new MemoryType(new Limits(1, null)));
        var store = new Store();
        var instance = Instantiate(module, store, new Linker().Define("env", "freeze", store.Add(freeze)));
        TierTests.PinTier(instance, compiled: true);

        Assert.True(instance.Memories[0].IsFlat);
        Assert.Equal(5UL, Executor.Invoke(store, instance.GetFunction("run"), [])[0]);
        var memory = instance.Memories[0];
        Assert.False(memory.IsFlat);
        Assert.Equal(2u, memory.Load<uint>(8));
        Assert.Equal(3u, memory.Load<uint>(40_000));
        Assert.Equal(1u, view!.Load<uint>(8));
        Assert.Equal(0u, view.Load<uint>(40_000));
    }

    /// <summary>A gate that allows a memory up to <c>allowed</c> bytes and counts what it gave.</summary>
    private sealed class CountingGate(ulong allowed) : IMemoryGrowthGate
    {
        public ulong Taken { get; private set; }

        public bool TryGrow(ulong fromBytes, ulong toBytes)
        {
            if (toBytes > allowed)
            {
                return false;
            }

            Taken += toBytes - fromBytes;
            return true;
        }
    }
}
