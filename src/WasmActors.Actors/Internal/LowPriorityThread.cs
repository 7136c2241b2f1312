namespace WasmActors.Actors.Internal;

/// <summary>
/// A background thread for work that only saves time later (warm-ups, prefetches): it must never take CPU from what
/// a node or command does now, above all its cluster heartbeats on a small, busy machine. On Linux it runs at nice
/// <see cref="Nice"/> (<see cref="ThreadNice"/>); elsewhere it asks for BelowNormal.
/// </summary>
internal static class LowPriorityThread
{
    /// <summary>
    /// Below normal threads, and level with the programs a run node runs at its default
    /// wasmactors.run-node.engine-thread-nice: not lower, because a thread the runtime makes while this one works (a
    /// thread-pool worker, the background GC's thread) inherits this value and may serve the whole node for a while.
    /// </summary>
    public const int Nice = 5;

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
