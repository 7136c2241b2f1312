using WasmActors.Actors.Engine;

namespace WasmActors.Actors.Tests;

/// <summary>
/// Engine threads are parked and reused; work that throws does not cost the pool its thread; a pool told to keep
/// threads has them parked before any work comes, and makes the next spare when work takes the last.
/// </summary>
public sealed class EngineThreadsTests
{
    // A stack size no other test uses gives this test its own parked threads.
    private const int PrivateStack = (4 << 20) + (7 << 12);

    [Fact]
    public void A_thread_that_finished_its_work_takes_the_next()
    {
        var first = RunAndWait(() => throw new InvalidOperationException("a failing instance"));
        // Parking happens right after the work returns.
        Assert.True(SpinWait.SpinUntil(() => EngineThreads.ParkedCount(PrivateStack) == 1, TimeSpan.FromSeconds(30)), "the thread was not parked");
        var second = RunAndWait(() => { });
        Assert.Equal(first, second);
    }

    [Fact]
    public void Concurrent_work_gets_separate_threads()
    {
        using var release = new ManualResetEventSlim();
        var ids = new int[3];
        using var started = new CountdownEvent(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            var slot = i;
            EngineThreads.Run(
                () =>
                {
                    ids[slot] = Environment.CurrentManagedThreadId;
                    started.Signal();
                    release.Wait(TimeSpan.FromSeconds(30));
                },
                PrivateStack + (1 << 12));
        }

        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "not every piece of work started");
        release.Set();
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void A_pool_that_keeps_threads_has_them_ready_and_replaces_the_one_work_takes()
    {
        const string Pool = "kept for a test";
        EngineThreads.KeepParked(Pool, PrivateStack, 2);
        Assert.True(SpinWait.SpinUntil(() => EngineThreads.ParkedCount(PrivateStack, Pool) == 2, TimeSpan.FromSeconds(30)), "the kept threads were not parked");

        using var release = new ManualResetEventSlim();
        using var started = new CountdownEvent(2);
        for (var i = 0; i < 2; i++)
        {
            EngineThreads.Run(
                () =>
                {
                    started.Signal();
                    release.Wait(TimeSpan.FromSeconds(30));
                },
                PrivateStack,
                Pool);
        }

        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the work did not start on the kept threads");
        // Both kept threads are busy: spares take their place.
        Assert.True(SpinWait.SpinUntil(() => EngineThreads.ParkedCount(PrivateStack, Pool) >= 2, TimeSpan.FromSeconds(30)), "no spare was made");
        release.Set();
    }

    private static int RunAndWait(Action work)
    {
        var id = 0;
        using var done = new ManualResetEventSlim();
        EngineThreads.Run(
            () =>
            {
                id = Environment.CurrentManagedThreadId;
                try
                {
                    work();
                }
                finally
                {
                    done.Set();
                }
            },
            PrivateStack);
        Assert.True(done.Wait(TimeSpan.FromSeconds(30)), "the work never ran");
        return id;
    }
}
