using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Tests.Execution;

/// <summary>
/// Typed loads and stores go through direct-mapped read and write caches in front of the page table (entry = page
/// number mod 256). Each test first warms the caches and then changes the table underneath (fork, freeze, grow, map,
/// fault): a stale entry would read old bytes, write into a shared page, or skip a fault; pages 256 apart share an
/// entry and must evict each other.
/// </summary>
public sealed class MemoryTranslationCacheTests
{
    private const int Page = 4096;

    [Fact]
    public void AWriteAfterForkCopiesThePageAndTheParentReadsItsOwnCopy()
    {
        var parent = NewMemory(1);
        parent.Store(100UL, 1u);
        Assert.Equal(1u, parent.Load<uint>(100));

        var fork = parent.Fork();
        Assert.Equal(1u, parent.Load<uint>(100)); // the read cache now holds the page shared with the fork
        parent.Store(100UL, 2u);

        Assert.Equal(2u, parent.Load<uint>(100));
        Assert.Equal(1u, fork.Load<uint>(100));
        Assert.True(parent.IsOwned(0));
        Assert.Equal(1, parent.OwnedPageCount);
    }

    [Fact]
    public void AWriteInTheForkLeavesTheParentUnchanged()
    {
        var parent = NewMemory(1);
        parent.Store(8UL, 5UL);
        var fork = parent.Fork();
        Assert.Equal(5UL, fork.Load<ulong>(8));

        fork.Store(8UL, 6UL);
        parent.Store(16UL, 7UL);

        Assert.Equal(6UL, fork.Load<ulong>(8));
        Assert.Equal(0UL, fork.Load<ulong>(16));
        Assert.Equal(5UL, parent.Load<ulong>(8));
        Assert.Equal(7UL, parent.Load<ulong>(16));
    }

    [Fact]
    public void AWriteAfterFreezeLeavesTheViewUnchangedAndIsReportedByTheNextFreeze()
    {
        var memory = NewMemory(1);
        memory.Store((3 * Page) + 8UL, 1u);
        var first = memory.Freeze(out var writtenBefore);
        Assert.Equal([3], writtenBefore);

        memory.Store((3 * Page) + 8UL, 2u);
        var second = memory.Freeze(out var writtenBetween);

        Assert.Equal([3], writtenBetween);
        Assert.Equal(1u, first.Load<uint>((3 * Page) + 8UL));
        Assert.Equal(2u, second.Load<uint>((3 * Page) + 8UL));
        Assert.Equal(2u, memory.Load<uint>((3 * Page) + 8UL));
    }

    [Fact]
    public void GrowExtendsTheBoundsAndKeepsTheContents()
    {
        var memory = NewMemory(1);
        memory.Store(MemoryInstance.WasmPageSize - 4UL, 0xAABBCCDDu);
        Assert.Throws<WasmTrapException>(() => memory.Load<uint>(MemoryInstance.WasmPageSize - 2UL));
        Assert.Throws<WasmTrapException>(() => memory.Store((ulong)MemoryInstance.WasmPageSize, 1u));

        Assert.Equal(1, memory.Grow(1));
        memory.Store((ulong)MemoryInstance.WasmPageSize, 0x11223344u);

        Assert.Equal(0xAABBCCDDu, memory.Load<uint>(MemoryInstance.WasmPageSize - 4UL));
        Assert.Equal(0x3344AABBu, memory.Load<uint>(MemoryInstance.WasmPageSize - 2UL)); // straddles two pages
        Assert.Equal(0x11223344u, memory.Load<uint>((ulong)MemoryInstance.WasmPageSize));
        Assert.Throws<WasmTrapException>(() => memory.Load<byte>(2UL * MemoryInstance.WasmPageSize));
    }

    [Fact]
    public void EachPageFaultsOnItsFirstReadAndAgainOnItsFirstWrite()
    {
        var source = new CountingSource();
        var memory = new MemoryInstance(new MemoryType(new Limits(1, null)), source: source);

        Assert.Equal(0x07u, memory.Load<byte>(Page + 3UL));
        Assert.Equal(0x07u, memory.Load<byte>(Page + 4UL));
        Assert.Equal(1, memory.Faults);
        Assert.Equal([1u], source.Requests);

        Assert.Equal(0x08u, memory.Load<byte>((2 * Page) + 3UL));
        Assert.Equal(2, memory.Faults);

        memory.Store(Page + 3UL, (byte)0xFF);
        Assert.Equal(3, memory.Faults);
        Assert.Equal(0xFFu, memory.Load<byte>(Page + 3UL));
        Assert.Equal(0x07u, memory.Load<byte>(Page + 4UL));
        memory.Store(Page + 5UL, (byte)0xFE);
        Assert.Equal(3, memory.Faults);

        Assert.Equal(0x07, source.PageOf(1)[3]); // the source's page was copied, never written
        Assert.Equal([1u, 2u], source.Requests);
    }

    [Fact]
    public void MapSharedReplacesACachedPageAndIsCopiedBeforeAWrite()
    {
        var memory = NewMemory(1);
        memory.Store(10UL, (byte)1);
        Assert.Equal(1, memory.Load<byte>(10));

        var shared = Enumerable.Repeat((byte)0x5A, Page).ToArray();
        memory.MapShared(0, shared);
        Assert.Equal(0x5A, memory.Load<byte>(10));

        memory.Store(10UL, (byte)2);
        Assert.Equal(2, memory.Load<byte>(10));
        Assert.Equal(0x5A, shared[10]);
    }

    [Theory]
    [InlineData(1UL << 63)]
    [InlineData((1UL << 63) + 4)]
    [InlineData((1UL << 63) + Page)]
    [InlineData((1UL << 63) + (256 * Page) - Page + 8)]
    [InlineData(ulong.MaxValue - 1)]
    [InlineData(ulong.MaxValue)]
    public void HugeAddressesTrapWithAnEmptyOrAWarmCache(ulong address)
    {
        var memory = NewMemory(1);
        Assert.Throws<WasmTrapException>(() => memory.Load<ushort>(address));
        Assert.Throws<WasmTrapException>(() => memory.Store(address, (ushort)1));

        memory.Store(0UL, (ushort)1);
        Assert.Equal(1, memory.Load<ushort>(0));
        Assert.Throws<WasmTrapException>(() => memory.Load<ushort>(address));
        Assert.Throws<WasmTrapException>(() => memory.Store(address, (ushort)1));
    }

    [Fact]
    public void AccessesAcrossAPageBoundaryReadAndWriteBothPages()
    {
        var memory = NewMemory(1);
        Assert.Equal(0UL, memory.Load<ulong>(Page - 4UL));
        memory.Store(Page - 4UL, 0x0102030405060708UL);

        Assert.Equal(0x05060708u, memory.Load<uint>(Page - 4UL));
        Assert.Equal(0x01020304u, memory.Load<uint>((ulong)Page));
        Assert.Equal(0x0102030405060708UL, memory.Load<ulong>(Page - 4UL));
    }

    [Fact]
    public void AnEntryIsAsLargeAsTheLookupAssumes() =>
        Assert.Equal(1 << MemoryInstance.TlbEntryShift, System.Runtime.CompilerServices.Unsafe.SizeOf<TlbEntry>());

    [Theory]
    [InlineData(12)]
    [InlineData(16)]
    public void PagesThatShareAnEntryEvictEachOther(int pageShift)
    {
        var pageSize = 1UL << pageShift;
        var wasmPages = (uint)(((257 * pageSize) + MemoryInstance.WasmPageSize - 1) / MemoryInstance.WasmPageSize);
        var memory = Paged(new MemoryInstance(new MemoryType(new Limits(wasmPages, null)), pageShift: pageShift));
        var far = 256 * pageSize; // page 256: the same entry as page 0
        for (var i = 0UL; i < 64; i++)
        {
            memory.Store(i * 8, i);
            memory.Store(far + (i * 8), ~i);
        }

        for (var i = 0UL; i < 64; i++)
        {
            Assert.Equal(i, memory.Load<ulong>(i * 8));
            Assert.Equal(~i, memory.Load<ulong>(far + (i * 8)));
        }

        var fork = memory.Fork();
        memory.Store(8UL, 100UL);          // page 0 copied again
        Assert.Equal(~1UL, memory.Load<ulong>(far + 8)); // page 256 still the shared one
        memory.Store(far + 8, 200UL);      // page 256 copied again
        Assert.Equal(100UL, memory.Load<ulong>(8));
        Assert.Equal(200UL, memory.Load<ulong>(far + 8));
        Assert.Equal(1UL, fork.Load<ulong>(8));
        Assert.Equal(~1UL, fork.Load<ulong>(far + 8));
        Assert.Equal(2, memory.OwnedPageCount);
    }

    [Fact]
    public void EveryCachedWritablePageIsCopiedAfterAFork()
    {
        const int Pages = 300; // more pages than entries
        var memory = NewMemory(19);
        for (var p = 0UL; p < Pages; p++)
        {
            memory.Store(p * Page, (uint)p);
        }

        var faults = memory.Faults;
        var fork = memory.Fork();
        for (var p = 0UL; p < Pages; p++)
        {
            Assert.Equal((uint)p, memory.Load<uint>(p * Page));
            memory.Store(p * Page, (uint)p + 1000);
        }

        Assert.Equal(faults + Pages, memory.Faults); // one copy on write per page, none skipped by a cached entry
        Assert.Equal(Pages, memory.OwnedPageCount);
        for (var p = 0UL; p < Pages; p++)
        {
            Assert.Equal((uint)p, fork.Load<uint>(p * Page));
            Assert.Equal((uint)p + 1000, memory.Load<uint>(p * Page));
        }

        memory.Freeze(out var written);
        Assert.Equal(Enumerable.Range(0, Pages), written);
    }

    private static MemoryInstance NewMemory(uint pages) => Paged(new(new MemoryType(new Limits(pages, null))));

    /// <summary>A paged memory of <paramref name="fresh"/>'s size: a fresh memory is flat (one array, no caches to test), its fork is paged.</summary>
    private static MemoryInstance Paged(MemoryInstance fresh) => fresh.Fork();

    /// <summary>Page n is filled with n + 6; records which pages were asked for.</summary>
    private sealed class CountingSource : IPageSource
    {
        private readonly Dictionary<uint, byte[]> _pages = [];

        public List<uint> Requests { get; } = [];

        public byte[] PageOf(uint index)
        {
            if (!_pages.TryGetValue(index, out var page))
            {
                page = Enumerable.Repeat((byte)(index + 6), Page).ToArray();
                _pages[index] = page;
            }

            return page;
        }

        public byte[]? GetPage(uint pageIndex)
        {
            Requests.Add(pageIndex);
            return PageOf(pageIndex);
        }
    }
}
