namespace WasmActors.Actors.Internal;

/// <summary>
/// A background thread for work that only saves time later (warm-ups, prefetches): it must never take CPU from what
/// a node or command does now, above all its cluster heartbeats on a small, busy machine. On Linux it runs at nice
/// <see cref="Nice"/> (<see cref="ThreadNice"/>); elsewhere it asks for BelowNormal.
/// </summary>
internal static class LowPriorityThread
{
    /// <summary>Below normal threads, and below the programs a run node runs at its default wasmactors.run-node.engine-thread-nice.</summary>
    public const int Nice = 10;

    /// <summary>Starts <paramref name="work"/> on a new background thread named <paramref name="name"/>; 0 stack bytes: the default size.</summary>
    public static Thread Start(string name, Action work, int stackBytes = 0)
    {
        var thread = new Thread(
            () =>
            {
                ThreadNice.Set(Nice);
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
}
