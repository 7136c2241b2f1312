using System.Collections.Concurrent;

namespace WasmActors.Actors.Engine;

/// <summary>
/// Dedicated engine threads, parked when their instance ends and handed to the next instance: starting an OS thread
/// with its own stack is a large share of a fork's time to its first instruction, and forks come in bursts. A parked
/// thread waits a while for new work and then ends, so an idle node keeps no threads. Engine code keeps no
/// per-thread state, so an instance cannot see its predecessor's.
/// </summary>
internal static class EngineThreads
{
    private static readonly TimeSpan ParkedFor = TimeSpan.FromSeconds(30);
    private const int MostParked = 64;

    private static readonly ConcurrentDictionary<int, ConcurrentBag<Parked>> ParkedByStack = new();

    /// <summary>Runs <paramref name="work"/> on a parked thread with <paramref name="stackBytes"/> of stack, or a new one.</summary>
    public static void Run(Action work, int stackBytes)
    {
        var parked = ParkedByStack.GetOrAdd(stackBytes, _ => []);
        while (parked.TryTake(out var thread))
        {
            if (thread.Hand(work))
            {
                return;
            }
        }

        var fresh = new Parked(parked);
        fresh.Hand(work);
        new Thread(fresh.Loop, stackBytes) { IsBackground = true, Name = "wasm engine" }.Start();
    }

    /// <summary>Threads parked for <paramref name="stackBytes"/> (retired ones included until they are next looked at).</summary>
    internal static int ParkedCount(int stackBytes) => ParkedByStack.TryGetValue(stackBytes, out var parked) ? parked.Count : 0;

    /// <param name="pool">The parked threads of this thread's stack size, where it goes back after each piece of work.</param>
    private sealed class Parked(ConcurrentBag<Parked> pool)
    {
        private readonly SemaphoreSlim _signal = new(0, 1);
        private readonly Lock _lock = new();
        private Action? _work;
        private bool _retired;

        /// <summary>Gives the thread its next work; false if it has already retired.</summary>
        public bool Hand(Action work)
        {
            lock (_lock)
            {
                if (_retired)
                {
                    return false;
                }

                _work = work;
            }

            _signal.Release();
            return true;
        }

        public void Loop()
        {
            while (true)
            {
                if (!_signal.Wait(ParkedFor))
                {
                    lock (_lock)
                    {
                        if (_work is null)
                        {
                            _retired = true; // a later TryTake finds it and skips it
                            return;
                        }
                    }

                    _signal.Wait(); // handed work just as the wait ran out: its release follows at once
                }

                Action work;
                lock (_lock)
                {
                    work = _work!;
                    _work = null;
                }

                try
                {
                    work();
                }
                catch
                {
                    // The runner reports its own failures; nothing may end a shared thread.
                }

                if (pool.Count >= MostParked)
                {
                    return;
                }

                pool.Add(this);
            }
        }
    }
}
