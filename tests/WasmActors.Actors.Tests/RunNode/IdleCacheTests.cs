using System.Diagnostics;
using WasmActors.Actors.RunNode;

namespace WasmActors.Actors.Tests;

/// <summary>The run node's bounded caches: count and weight bounds, idle eviction, pinned entries kept. Time is passed in, so nothing waits.</summary>
public sealed class IdleCacheTests
{
    private static readonly long Second = Stopwatch.Frequency;

    [Fact]
    public void TheLeastRecentlyUsedEntryGoesWhenTheCountBoundIsPassed()
    {
        var cache = new IdleCache<string, int>(2, long.MaxValue, TimeSpan.FromMinutes(1));
        cache.Set("a", 1, 0);
        cache.Set("b", 2, 1);
        Assert.True(cache.TryGet("a", 2, out _)); // a is now more recent than b
        var dropped = cache.Set("c", 3, 3);
        Assert.Equal(["b"], dropped.Select(d => d.Key));
        Assert.Equal(2, cache.Count);
        Assert.False(cache.ContainsKey("b"));
    }

    [Fact]
    public void TheWeightBoundDropsAsManyEntriesAsNeeded()
    {
        var cache = new IdleCache<string, byte[]>(10, 100, TimeSpan.FromMinutes(1), b => b.Length);
        cache.Set("a", new byte[40], 0);
        cache.Set("b", new byte[40], 1);
        var dropped = cache.Set("c", new byte[90], 2);
        Assert.Equal(["a", "b"], dropped.Select(d => d.Key).Order());
        Assert.Equal(90, cache.Weight);
    }

    [Fact]
    public void AnEntryForFreeRoomOnlyDisplacesNothing()
    {
        var cache = new IdleCache<string, byte[]>(3, 100, TimeSpan.FromMinutes(1), b => b.Length);
        cache.Set("a", new byte[40], 0);
        Assert.True(cache.TryAddIntoFreeRoom("b", new byte[40], 1));
        Assert.False(cache.TryAddIntoFreeRoom("c", new byte[30], 2)); // over the weight bound
        Assert.False(cache.TryAddIntoFreeRoom("a", new byte[1], 3)); // there already
        Assert.True(cache.TryAddIntoFreeRoom("d", new byte[20], 4));
        Assert.False(cache.TryAddIntoFreeRoom("e", new byte[0], 5)); // over the count bound
        Assert.Equal(["a", "b", "d"], cache.Entries.Select(e => e.Key).Order());
        Assert.Equal(100, cache.Weight);
        Assert.Equal(40, cache.Entries.Single(e => e.Key == "a").Value.Length);
    }

    [Fact]
    public void AnEndlessIdleTimeoutNeverSweeps()
    {
        // The prefetched records' cache never drops for idleness: its timeout is more ticks than a long counts, and
        // the conversion must saturate rather than wrap to a bound under which everything is idle.
        var cache = new IdleCache<string, int>(10, long.MaxValue, TimeSpan.MaxValue);
        cache.Set("kept", 1, 0);
        Assert.Empty(cache.Sweep(1000 * Second));
        Assert.True(cache.ContainsKey("kept"));
    }

    [Fact]
    public void IdleEntriesAreSweptAndUsedOnesStay()
    {
        var cache = new IdleCache<string, int>(10, long.MaxValue, TimeSpan.FromSeconds(10));
        cache.Set("old", 1, 0);
        cache.Set("used", 2, 0);
        Assert.True(cache.TryGet("used", 8 * Second, out _));
        Assert.Empty(cache.Sweep(9 * Second));
        Assert.Equal(["old"], cache.Sweep(11 * Second).Select(d => d.Key));
        Assert.True(cache.ContainsKey("used"));
        Assert.Equal(["used"], cache.Sweep(19 * Second).Select(d => d.Key));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void PinnedEntriesAreNeverDroppedEvenPastTheBound()
    {
        var cache = new IdleCache<string, int>(1, long.MaxValue, TimeSpan.FromSeconds(1));
        cache.Set("busy", 1, 0);
        var dropped = cache.Set("new", 2, 1, (key, _) => key == "busy");
        Assert.Empty(dropped);
        Assert.Equal(2, cache.Count);
        Assert.Empty(cache.Sweep(100 * Second, (key, _) => true));
        Assert.Equal(2, cache.Sweep(100 * Second).Count);
    }
}
