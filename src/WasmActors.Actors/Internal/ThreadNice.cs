using System.Runtime.InteropServices;

namespace WasmActors.Actors.Internal;

/// <summary>
/// The calling thread's nice value on Linux, which the scheduler weighs between threads that want the CPU at the same
/// time: a thread is a task there, with a nice value of its own. <see cref="ThreadPriority"/> does nothing on Linux
/// (dotnet/runtime#91165: threads under the default scheduler have no priorities), so a thread that must yield to
/// others sets its nice value here. Elsewhere, and when refused, nothing changes.
/// </summary>
internal static class ThreadNice
{
    private const int PriorityProcess = 0;

    // Threads are reused (EngineThreads), so a thread remembers the value it was given: an instance of a node
    // configured with 0 may follow one configured with 19 on the same thread (nodes in one process). Null until
    // known: a new thread inherits the value of the thread that made it.
    [ThreadStatic]
    private static int? _current;

    /// <summary>
    /// Whether this thread was set below normal here. A thread it makes inherits that (Linux), so a pool that must not
    /// gives it a thread of its own instead (<see cref="Engine.EngineThreads"/>).
    /// </summary>
    public static bool Lowered => _current > 0;

    /// <summary>
    /// Sets the calling thread's nice value to <paramref name="nice"/> (0..19). Going back towards 0 needs
    /// CAP_SYS_NICE; without it the thread keeps its higher value.
    /// </summary>
    public static void Set(int nice)
    {
        nice = Math.Clamp(nice, 0, 19);
        if (!OperatingSystem.IsLinux() || nice == (_current ??= Current() ?? 0))
        {
            return;
        }

        try
        {
            // who = 0 means the calling task, i.e. this thread.
            if (SetPriority(PriorityProcess, 0, nice) == 0)
            {
                _current = nice;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: run at normal priority.
        }
    }

    /// <summary>The calling thread's nice value on Linux, or null elsewhere or when it cannot be read.</summary>
    public static int? Current()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            Marshal.SetLastPInvokeError(0);
            var nice = GetPriority(PriorityProcess, 0);
            return nice == -1 && Marshal.GetLastPInvokeError() != 0 ? null : nice;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static extern int GetPriority(int which, int who);
}
