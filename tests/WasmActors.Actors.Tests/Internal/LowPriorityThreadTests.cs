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

        var before = LowPriorityThread.CurrentNice();
        Assert.NotNull(before);
        int? seen = null;
        var thread = LowPriorityThread.Start("test low priority", () => seen = LowPriorityThread.CurrentNice());
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "the work did not end");

        Assert.NotNull(seen);
        Assert.True(seen >= LowPriorityThread.LinuxNice, $"the work ran at nice {seen}, not at {LowPriorityThread.LinuxNice} or lower");
        Assert.Equal(before, LowPriorityThread.CurrentNice());
    }
}
