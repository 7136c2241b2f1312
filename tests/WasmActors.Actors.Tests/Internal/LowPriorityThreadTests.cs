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
    public void Engine_work_it_starts_runs_on_a_thread_no_later_guest_gets()
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.WriteLine("skipped: nice values are Linux's");
            return;
        }

        // A stack size no other test uses gives this test a pool of its own.
        const int PrivateStack = (4 << 20) + (11 << 12);
        var threads = new List<(Thread Thread, int? Nice)>();
        void Record(ManualResetEventSlim ran)
        {
            lock (threads)
            {
                threads.Add((Thread.CurrentThread, ThreadNice.Current()));
            }

            ran.Set();
        }

        using var lowered = new ManualResetEventSlim();
        var starter = LowPriorityThread.Start("test low priority starter", () => EngineThreads.Run(() => Record(lowered), PrivateStack));
        Assert.True(lowered.Wait(TimeSpan.FromSeconds(30)), "the lowered caller's engine work did not run");
        Assert.True(starter.Join(TimeSpan.FromSeconds(30)));

        // Later work from a normal thread, enough to take every thread the pool holds and make more.
        var later = Enumerable.Range(0, 4).Select(_ => new ManualResetEventSlim()).ToArray();
        foreach (var ran in later)
        {
            EngineThreads.Run(() => Record(ran), PrivateStack);
        }

        Assert.All(later, ran => Assert.True(ran.Wait(TimeSpan.FromSeconds(30)), "later engine work did not run"));
        Assert.True(threads[0].Nice >= LowPriorityThread.Nice, $"the lowered caller's work ran at nice {threads[0].Nice}");
        Assert.DoesNotContain(threads.Skip(1), t => t.Thread == threads[0].Thread);
        Assert.All(threads.Skip(1), t => Assert.Equal(ThreadNice.Current(), t.Nice));
        foreach (var ran in later)
        {
            ran.Dispose();
        }
    }
}
