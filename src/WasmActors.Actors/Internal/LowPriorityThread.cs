using System.Runtime.InteropServices;

namespace WasmActors.Actors.Internal;

/// <summary>
/// A background thread for work that only saves time later (warm-ups, prefetches): it must never take CPU from what
/// a node or command does now, above all its cluster heartbeats on a small, busy machine. <see cref="ThreadPriority"/>
/// does nothing on Linux (dotnet/runtime#91165: threads under the default scheduler have no priorities), so on Linux
/// the thread lowers its own nice value, which the scheduler does weigh; elsewhere it asks for BelowNormal.
/// </summary>
internal static class LowPriorityThread
{
    /// <summary>The nice value such a thread runs at on Linux (0 is normal, 19 the lowest).</summary>
    public const int LinuxNice = 10;

    /// <summary>Starts <paramref name="work"/> on a new background thread named <paramref name="name"/>; 0 stack bytes: the default size.</summary>
    public static Thread Start(string name, Action work, int stackBytes = 0)
    {
        var thread = new Thread(
            () =>
            {
                LowerCurrent();
                work();
            },
            stackBytes)
        {
            IsBackground = true,
            Name = name,
            Priority = ThreadPriority.BelowNormal,
        };
        thread.Start();
        return thread;
    }

    /// <summary>The calling thread's nice value on Linux, or null elsewhere or when it cannot be read.</summary>
    public static int? CurrentNice()
    {
        if (!OperatingSystem.IsLinux() || CurrentThreadId() is not { } tid)
        {
            return null;
        }

        Marshal.SetLastPInvokeError(0);
        var nice = getpriority(PrioProcess, tid);
        return nice == -1 && Marshal.GetLastPInvokeError() != 0 ? null : nice;
    }

    /// <summary>
    /// Lowers the calling thread on Linux to <see cref="LinuxNice"/>, never raising one that runs lower already (a
    /// node started under nice); a failure only leaves it where it was.
    /// </summary>
    private static void LowerCurrent()
    {
        if (CurrentNice() is { } nice && nice < LinuxNice && CurrentThreadId() is { } tid)
        {
            _ = setpriority(PrioProcess, tid, LinuxNice);
        }
    }

    /// <summary>The kernel's id of the calling thread: /proc/thread-self links to PID/task/TID (any architecture, no syscall number).</summary>
    private static uint? CurrentThreadId()
    {
        try
        {
            var target = new FileInfo("/proc/thread-self").LinkTarget;
            return target is not null && uint.TryParse(Path.GetFileName(target), out var tid) ? tid : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>setpriority(2)'s PRIO_PROCESS: with a thread id, Linux applies it to that thread alone.</summary>
    private const int PrioProcess = 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, uint who, int prio);

    [DllImport("libc", SetLastError = true)]
    private static extern int getpriority(int which, uint who);
}
