using System.Runtime.Intrinsics;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Tests.Execution;

/// <summary>
/// SIMD loads and stores go through the memory's page table: a 16-byte access that straddles two engine pages works,
/// a fork's write stays in the fork (copy-on-write), and an access that ends past the memory traps without writing.
/// </summary>
public sealed class SimdMemoryTests
{
    private const int PageShift = 12;
    private const ulong Straddling = (1UL << PageShift) - 6;

    private static readonly Vector128<byte> Pattern = Vector128.Create((byte)1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);

    [Fact]
    public void A_straddling_store_in_a_fork_leaves_the_parent_unchanged()
    {
        var parent = new MemoryInstance(new MemoryType(new Limits(1, null)), pageShift: PageShift);
        var fork = parent.Fork();

        fork.Store(Straddling, Pattern);

        Assert.Equal(Pattern, SimdMemory.Load(0x00, fork, Straddling));
        Assert.Equal(Vector128<byte>.Zero, SimdMemory.Load(0x00, parent, Straddling));

        // The lane forms read across the boundary too: bytes 6 and 7 of the pattern sit on the second page.
        var lanes = SimdMemory.LoadLane(0x55, fork, Straddling + 5, Vector128<byte>.Zero, 7);
        Assert.Equal((ushort)(7 << 8 | 6), lanes.AsUInt16().GetElement(7));
        Assert.Equal(Vector128.Create((ushort)5, 6, 7, 8, 9, 10, 11, 12).AsByte(), SimdMemory.Load(0x02, fork, Straddling + 4));
    }

    [Fact]
    public void An_access_past_the_end_traps_and_writes_nothing()
    {
        var memory = new MemoryInstance(new MemoryType(new Limits(1, null)), pageShift: PageShift);
        var last = (ulong)MemoryInstance.WasmPageSize - 16;

        memory.Store(last, Pattern);
        Assert.Throws<WasmTrapException>(() => memory.Store(last + 1, Vector128<byte>.AllBitsSet));
        Assert.Throws<WasmTrapException>(() => SimdMemory.Load(0x0A, memory, last + 9));
        Assert.Throws<WasmTrapException>(() => SimdMemory.StoreLane(0x5B, memory, last + 9, Vector128<byte>.AllBitsSet, 1));

        Assert.Equal(Pattern, SimdMemory.Load(0x00, memory, last));
    }
}
