using System.Runtime.InteropServices;

namespace WasmActors.Actors.Engine;

/// <summary>
/// Puts the calling engine thread below the node's control threads (actor dispatchers, remoting, the bulk path). A
/// guest computing flat out would otherwise take its core's full share from the threads that answer requests —
/// replies, page faults, pause and stop requests — and a node running many forks would answer nothing in time.
/// Linux only (a thread is a task there, with its own nice value); elsewhere, and when refused, it does nothing.
/// </summary>
internal static partial class EngineThreadPriority
{
    private const int PriorityProcess = 0;

    // Engine threads are reused (EngineThreads), so a thread remembers the value it was given: an instance of a node
    // configured with 0 may follow one configured with 19 on the same thread (nodes in one process).
    [ThreadStatic]
    private static int _current;

    /// <summary>
    /// Sets the calling thread's nice value to <paramref name="nice"/> (0..19). Going back towards 0 needs
    /// CAP_SYS_NICE; without it the thread keeps its higher value.
    /// </summary>
    public static void Lower(int nice)
    {
        nice = Math.Clamp(nice, 0, 19);
        if (nice == _current || !OperatingSystem.IsLinux())
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

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);
}
