using WasmActors.Actors.Engine;
using WasmActors.Actors.Internal;

namespace WasmActors.Actors.Tests;

/// <summary>
/// Work that only saves time later runs below the threads that answer now: on Linux its thread's nice value is
/// lowered (Thread.Priority alone changes nothing there), and only its own thread's.
/// </summary>
public sealed class LowPriorityThreadTests
{
    [Fact]
    public void Its_work_runs_at_a_lowered_nice_value_and_the_starting_thread_keeps_its_own()
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.WriteLine("skipped: nice values are Linux's");
            return;
        }

        var before = ThreadNice.Current();
        Assert.NotNull(before);
        int? seen = null;
        var thread = LowPriorityThread.Start("test low priority", () => seen = ThreadNice.Current());
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "the work did not end");

        Assert.NotNull(seen);
        Assert.True(seen >= LowPriorityThread.Nice, $"the work ran at nice {seen}, not at {LowPriorityThread.Nice} or lower");
        Assert.Equal(before, ThreadNice.Current());
    }

    [Fact]
    public void An_engine_thread_it_needs_is_not_made_at_its_lowered_nice_value()
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.WriteLine("skipped: nice values are Linux's");
            return;
        }

        // A stack size no other test uses gives this test a pool with no parked thread: Run must make one.
        const int PrivateStack = (4 << 20) + (11 << 12);
        int? engineNice = null;
        using var ran = new ManualResetEventSlim();
        var starter = LowPriorityThread.Start("test low priority starter", () => EngineThreads.Run(
            () =>
            {
                engineNice = ThreadNice.Current();
                ran.Set();
            },
            PrivateStack));
        Assert.True(ran.Wait(TimeSpan.FromSeconds(30)), "the engine work did not run");
        Assert.True(starter.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal(ThreadNice.Current(), engineNice);
    }
}
