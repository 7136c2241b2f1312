using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Wasm;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>
/// The module cache stays within its bytes of code, drops the least recently used module first, and lets
/// prefetches take only free room or the room of other unused prefetches, never that of a module a restore used.
/// </summary>
public sealed class ModuleCacheTests
{
    // The cache weighs a module by its code's length and decodes whatever bytes it is given: an empty module will do.
    private static readonly byte[] EmptyModule = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    [Fact]
    public void A_restore_drops_the_least_recently_used_modules_and_the_cache_stays_within_its_bound()
    {
        var cache = new ModuleCache(maxBytes: 1000);
        var (a, b, c) = (Code("a", 400), Code("b", 400), Code("c", 400));
        Get(cache, a);
        Get(cache, b);
        Get(cache, a); // b is now the least recently used
        Get(cache, c);

        Assert.Equal([true, false, true], Held(cache, a, b, c));
        Assert.Equal(800, cache.Bytes);
        Assert.Equal(1, cache.Evictions);

        // Whatever comes, the bound holds; a module larger than it runs uncached.
        for (var i = 0; i < 20; i++)
        {
            Get(cache, Code($"more {i}", 100 + (i * 50)));
            Assert.InRange(cache.Bytes, 0, cache.MaxBytes);
        }

        var huge = Code("huge", 1001);
        Assert.NotNull(Get(cache, huge));
        Assert.False(cache.Contains(huge, EngineConfig.Default));
    }

    [Fact]
    public void A_module_dropped_from_the_cache_stays_usable_and_is_decoded_again_when_asked_for()
    {
        var cache = new ModuleCache(maxBytes: 500);
        var (a, b) = (Code("a", 400), Code("b", 400));
        var first = Get(cache, a);
        Get(cache, b);
        Assert.False(cache.Contains(a, EngineConfig.Default));
        Assert.Equal(2, cache.Loads);

        // The dropped module is an ordinary object its holders keep; the cache decodes a new one.
        Assert.Empty(first.Exports);
        Assert.NotSame(first, Get(cache, a));
        Assert.Equal(3, cache.Loads);
    }

    [Fact]
    public void A_prefetch_never_drops_a_module_a_restore_used()
    {
        var cache = new ModuleCache(maxBytes: 1000);
        var used = Code("used", 600);
        Get(cache, used);
        var guess = Code("guess", 500);

        Assert.False(cache.PrefetchRoom(500, displace: true));
        Assert.False(cache.Prefetch(guess, EmptyModule, EngineConfig.Default, displace: true, "guess"));
        Assert.Equal([true, false], Held(cache, used, guess));
        Assert.Equal(0, cache.Evictions);
    }

    [Fact]
    public void Only_a_new_snapshots_prefetch_takes_the_room_of_earlier_unused_prefetches()
    {
        var cache = new ModuleCache(maxBytes: 1000);
        var (old1, old2) = (Code("old 1", 500), Code("old 2", 500));
        Assert.True(cache.Prefetch(old1, EmptyModule, EngineConfig.Default, displace: false, "old 1"));
        Assert.True(cache.Prefetch(old2, EmptyModule, EngineConfig.Default, displace: false, "old 2"));

        // Snapshots stored before: free room only, so a backlog larger than the cache does not churn through it.
        Assert.False(cache.PrefetchRoom(300, displace: false));
        Assert.False(cache.Prefetch(Code("older", 300), EmptyModule, EngineConfig.Default, displace: false, "older"));

        // A snapshot just stored displaces the earliest prefetch no restore has used, not a used one.
        Get(cache, old1);
        var fresh = Code("fresh", 300);
        Assert.True(cache.PrefetchRoom(300, displace: true));
        Assert.True(cache.Prefetch(fresh, EmptyModule, EngineConfig.Default, displace: true, "fresh"));
        Assert.Equal([true, false, true], Held(cache, old1, old2, fresh));
        Assert.Equal(800, cache.Bytes);
    }

    [Fact]
    public async Task A_restore_needing_code_a_prefetch_is_fetching_waits_for_it_instead_of_fetching_it_again()
    {
        var cache = new ModuleCache();
        var code = Code("shared", 400);
        Assert.True(cache.BeginPrefetch(code, EngineConfig.Default));
        Assert.False(cache.BeginPrefetch(code, EngineConfig.Default)); // one prefetch per code at a time

        var fetched = 0;
        var restore = Task.Run(() => cache.Get(code, () => { Interlocked.Increment(ref fetched); return EmptyModule; }, EngineConfig.Default, "restore"));

        // Given time to fetch and decode an empty module many times over, the restore has neither: it waits.
        Assert.NotSame(restore, await Task.WhenAny(restore, Task.Delay(300))); // else the restore went on without the prefetch
        Assert.True(cache.Prefetch(code, EmptyModule, EngineConfig.Default, displace: true, "prefetch"));

        var module = await restore.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, Volatile.Read(ref fetched));
        Assert.Equal(1, cache.Loads);
        Assert.Same(module, Get(cache, code));
    }

    [Fact]
    public async Task A_restore_waiting_for_a_prefetch_that_fails_fetches_the_code_itself()
    {
        var cache = new ModuleCache();
        var code = Code("failing", 400);
        Assert.True(cache.BeginPrefetch(code, EngineConfig.Default));
        var fetched = 0;
        var restore = Task.Run(() => cache.Get(code, () => { Interlocked.Increment(ref fetched); return EmptyModule; }, EngineConfig.Default, "restore"));
        Assert.NotSame(restore, await Task.WhenAny(restore, Task.Delay(300))); // else the restore went on without the prefetch

        cache.EndPrefetch(code, EngineConfig.Default); // the prefetch's fetch failed
        Assert.NotNull(await restore.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, Volatile.Read(ref fetched));
        Assert.True(cache.Contains(code, EngineConfig.Default));
        Assert.True(cache.BeginPrefetch(Code("next", 10), EngineConfig.Default));
        Assert.False(cache.BeginPrefetch(code, EngineConfig.Default)); // cached now: nothing to prefetch
    }

    [Fact]
    public async Task Restores_needing_the_same_code_at_once_fetch_and_decode_it_once()
    {
        var cache = new ModuleCache();
        var code = Code("burst", 400);
        using var release = new ManualResetEventSlim();
        var fetched = 0;
        byte[] SlowFetch()
        {
            Interlocked.Increment(ref fetched);
            release.Wait(TimeSpan.FromSeconds(30));
            return EmptyModule;
        }

        var first = Task.Run(() => cache.Get(code, SlowFetch, EngineConfig.Default, "first"));
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (Volatile.Read(ref fetched) == 0)
            {
                await Task.Delay(5, deadline.Token);
            }
        }

        Assert.False(cache.BeginPrefetch(code, EngineConfig.Default)); // a restore is loading it
        var second = Task.Run(() => cache.Get(code, SlowFetch, EngineConfig.Default, "second"));
        Assert.NotSame(second, await Task.WhenAny(second, Task.Delay(300))); // else it went on without the first

        release.Set();
        var modules = await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Same(modules[0], modules[1]);
        Assert.Equal(1, Volatile.Read(ref fetched));
        Assert.Equal(1, cache.Loads);
    }

    private static bool[] Held(ModuleCache cache, params PagedBlob[] codes) => codes.Select(code => cache.Contains(code, EngineConfig.Default)).ToArray();

    private static PagedBlob Code(string name, long length) => new(length, [ChunkId.Of(System.Text.Encoding.UTF8.GetBytes(name))]);

    private static Wasm.Model.Module Get(ModuleCache cache, PagedBlob code) => cache.Get(code, () => EmptyModule, EngineConfig.Default, "test module");
}
