using System.Collections.Concurrent;
using WasmActors.Actors.Internal;

namespace WasmActors.Actors.Engine;

/// <summary>
/// Dedicated threads with large stacks for engine work (instances) and restores, parked when their work ends and
/// handed the next: starting an OS thread with its own stack is a large share of a fork's time to its first
/// instruction, and forks come in bursts. Starting one also blocks the starter until the new thread runs, which on a
/// busy machine took a run node's actor 4–9 ms in a migration's downtime. A parked thread waits a while for new work
/// and then ends, except the few a pool is told to keep (<see cref="KeepParked"/>), which a run node keeps so that
/// the first fork or migration after a quiet spell does not make a thread. Each pool is its own name and stack size:
/// an engine thread may have been given a lower priority (wasmactors.run-node.engine-thread-nice), which a restore
/// must not inherit. Engine code keeps no per-thread state, so work cannot see its predecessor's.
/// </summary>
internal static class EngineThreads
{
    /// <summary>The pool of threads that run instances.</summary>
    public const string Engine = "wasm engine";

    /// <summary>The pool of threads that restore snapshots on a run node.</summary>
    public const string Restore = "restore";

    private static readonly TimeSpan ParkedFor = TimeSpan.FromSeconds(30);
    private const int MostParked = 64;

    private static readonly ConcurrentDictionary<(string Name, int StackBytes), Pool> Pools = new();

    /// <summary>Runs <paramref name="work"/> on a parked thread of the pool, or a new one.</summary>
    public static void Run(Action work, int stackBytes, string pool = Engine)
    {
        if (ThreadNice.Lowered)
        {
            // A pooled thread made here would inherit this thread's lower nice value (Linux) and give it to every later
            // guest, and no other thread can be trusted to make it instead: a thread-pool worker made by a lowered
            // thread is lowered too. So lowered work (a warm-up) gets a thread of its own that ends with it.
            new Thread(() => work(), stackBytes) { IsBackground = true, Name = pool }.Start();
            return;
        }

        var threads = PoolOf(pool, stackBytes);
        while (threads.Parked.TryTake(out var thread))
        {
            if (thread.Hand(work))
            {
                if (threads.Parked.IsEmpty && Volatile.Read(ref threads.Keep) > 0)
                {
                    // The last spare went: make the next one off this caller's path.
                    ThreadPool.UnsafeQueueUserWorkItem(static p => p.StartSpares(), threads, preferLocal: false);
                }

                return;
            }
        }

        threads.Start(work);
    }

    /// <summary>
    /// From now on the pool keeps at least <paramref name="count"/> threads parked when idle; the missing ones are
    /// started in the background.
    /// </summary>
    public static void KeepParked(string pool, int stackBytes, int count)
    {
        var threads = PoolOf(pool, stackBytes);
        int keep;
        do
        {
            keep = Volatile.Read(ref threads.Keep);
        }
        while (count > keep && Interlocked.CompareExchange(ref threads.Keep, count, keep) != keep);

        ThreadPool.UnsafeQueueUserWorkItem(static p => p.StartSpares(), threads, preferLocal: false);
    }

    /// <summary>Threads parked in a pool (retired ones included until they are next looked at).</summary>
    internal static int ParkedCount(int stackBytes, string pool = Engine) =>
        Pools.TryGetValue((pool, stackBytes), out var threads) ? threads.Parked.Count : 0;

    private static Pool PoolOf(string name, int stackBytes) => Pools.GetOrAdd((name, stackBytes), key => new Pool(key.Name, key.StackBytes));

    private sealed class Pool(string name, int stackBytes)
    {
        public readonly ConcurrentBag<Parked> Parked = [];
        public int Keep;

        /// <summary>A new thread for <paramref name="work"/>; null: a spare that parks at once.</summary>
        public void Start(Action? work)
        {
            var fresh = new Parked(this);
            if (work is null)
            {
                Parked.Add(fresh); // it may be handed work before it runs: the hand-over waits in its semaphore
            }
            else
            {
                fresh.Hand(work);
            }

            new Thread(fresh.Loop, stackBytes) { IsBackground = true, Name = name }.Start();
        }

        /// <summary>Parks new threads until the pool holds as many as it keeps.</summary>
        public void StartSpares()
        {
            while (Parked.Count < Volatile.Read(ref Keep))
            {
                Start(null);
            }
        }
    }

    /// <param name="pool">Where the thread goes back after each piece of work.</param>
    private sealed class Parked(Pool pool)
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
                            if (pool.Parked.Count <= Volatile.Read(ref pool.Keep))
                            {
                                continue; // one of the threads the pool keeps
                            }

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
                    // The work reports its own failures; nothing may end a shared thread.
                }

                if (pool.Parked.Count >= MostParked)
                {
                    return;
                }

                pool.Parked.Add(this);
            }
        }
    }
}
