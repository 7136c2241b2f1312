using WasmActors.Wasm;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Tests.Memory;

/// <summary>Copy-on-write forks of a linear memory: shared pages, private first writes, unchanged semantics.</summary>
public sealed class MemoryForkTests
{
    private static MemoryInstance NewMemory(uint pages, uint? max = null) => new(new MemoryType(new Limits(pages, max)));

    [Fact]
    public void A_fork_sees_the_parents_bytes_and_writes_are_private_to_each_side()
    {
        var parent = NewMemory(4);
        parent.Store<int>(100, 7);
        parent.Store<long>(70_000, -5);

        var fork = parent.Fork();
        Assert.Equal(7, fork.Load<int>(100));
        Assert.Equal(-5L, fork.Load<long>(70_000));

        fork.Store<int>(100, 8);
        parent.Store<int>(104, 9);
        Assert.Equal(7, parent.Load<int>(100));
        Assert.Equal(8, fork.Load<int>(100));
        Assert.Equal(0, fork.Load<int>(104));
        Assert.Equal(9, parent.Load<int>(104));
    }

    [Fact]
    public void Many_forks_hold_only_the_pages_they_wrote()
    {
        var parent = NewMemory(16);
        for (var p = 0; p < parent.EnginePageCount; p++)
        {
            parent.Store<byte>((ulong)p * (ulong)parent.PageSize, (byte)p);
        }

        var forks = Enumerable.Range(0, 100).Select(_ => parent.Fork()).ToArray();
        for (var i = 0; i < forks.Length; i++)
        {
            for (var page = 0; page < 3; page++)
            {
                forks[i].Store<int>((ulong)(((i + page) % 200) * parent.PageSize) + 8, i);
            }
        }

        Assert.All(forks, f => Assert.Equal(3, f.OwnedPageCount));
        Assert.Equal(0, parent.OwnedPageCount);
        Assert.Equal((byte)5, forks[42].Load<byte>(5UL * (ulong)parent.PageSize));
        Assert.Equal(42, forks[42].Load<int>((ulong)(43 * parent.PageSize) + 8));
        Assert.Equal(0, parent.Load<int>((ulong)(43 * parent.PageSize) + 8));
    }

    [Fact]
    public void A_fork_and_its_parent_both_grow_independently()
    {
        var parent = NewMemory(1, 10);
        parent.Store<int>(0, 1);
        var fork = parent.Fork();
        Assert.Equal(1, fork.Grow(3));
        Assert.Equal(4u, fork.Pages);
        Assert.Equal(1u, parent.Pages);
        fork.Store<int>(3 * 65536, 11);
        Assert.Equal(11, fork.Load<int>(3 * 65536));
        Assert.Throws<WasmTrapException>(() => parent.Load<int>(3 * 65536));
        Assert.Equal(1, fork.Load<int>(0));
    }

    [Fact]
    public void Faults_of_a_lazily_sourced_memory_are_served_once_per_page_per_fork()
    {
        var source = new CountingSource(4096);
        var template = new MemoryInstance(new MemoryType(new Limits(2, null)), source: source);
        var a = template.Fork();
        var b = template.Fork();
        Assert.Equal((byte)3, a.Load<byte>(3 * 4096));
        Assert.Equal((byte)3, a.Load<byte>((3 * 4096) + 1));
        Assert.Equal((byte)3, b.Load<byte>(3 * 4096));
        a.Store<byte>(3 * 4096, 200);
        Assert.Equal((byte)3, b.Load<byte>(3 * 4096));
        Assert.Equal(2, source.Requests);
        Assert.Equal(2, a.Faults);
        Assert.Equal(1, b.Faults);
    }

    [Fact]
    public void Bulk_operations_cross_chunk_boundaries_after_a_fork()
    {
        var parent = NewMemory(32);
        var chunkBoundary = 256UL * 4096;
        parent.Fill(chunkBoundary - 10, 0xAB, 20);
        var fork = parent.Fork();
        fork.Copy(10, chunkBoundary - 10, 20);
        var bytes = new byte[20];
        fork.Read(10, bytes);
        Assert.All(bytes, b => Assert.Equal(0xAB, b));
        parent.Read(10, bytes);
        Assert.All(bytes, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Page_queries_reject_pages_outside_the_memory()
    {
        var memory = NewMemory(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.IsResident(16));
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.GetPage(-1).ToArray());
    }

    private sealed class CountingSource(int pageSize) : IPageSource
    {
        public int Requests { get; private set; }

        public byte[]? GetPage(uint pageIndex)
        {
            Requests++;
            var page = new byte[pageSize];
            Array.Fill(page, (byte)pageIndex);
            return page;
        }
    }
}
