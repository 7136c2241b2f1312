using System.Diagnostics;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Internal;
using WasmActors.Actors.RunNode;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Actors.Engine;

/// <summary>
/// Takes the run node's first-use costs (code compiled on first call, first allocations, thread start) off its
/// first fork and first migration (ADR-024): once, when the node starts, a small embedded WASI program runs through
/// the same code as a real one — started, frozen, captured whole and as a delta, restored COW at page and mixture
/// granularity from the capture, and its forks run to their first instruction; then the code of the actors a real fork
/// or migration goes through is compiled (<see cref="PreJit"/>). Everything stays in this process: no snapshot leaves
/// it, no instance is listed, and its decoded module stays out of the node's module cache.
/// </summary>
internal static class NodeWarmUp
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs the warm-up on a background thread of its own; <paramref name="done"/> hears how long it took, or why it failed.</summary>
    public static void Start(WasmActorsSettings settings, Action<TimeSpan?, int, string?> done) =>
        LowPriorityThread.Start("run node warm-up", () =>
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var compiled = Run(settings);
                done(clock.Elapsed, compiled, null);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Only an optimisation: the first real fork pays what is left.
                done(null, 0, e.GetBaseException().Message);
            }
        });

    /// <summary>The warm-up itself; returns how many methods it compiled ahead (<see cref="PreJit"/>).</summary>
    private static int Run(WasmActorsSettings settings)
    {
        var stack = settings.InstanceThreadStackBytes;
        var inlineLimit = settings.RemoteChunkBytes / 2;
        var events = new Events();
        var runner = new InstanceRunner(new FreshProgram("warm-up", Program(), ["1000000", "100000", "2000"], []), events, stack, new InstanceGuard(settings.RunNode.Limits, null));
        runner.Start();
        Wait(events.Started, "start");
        Thread.Sleep(20); // long enough for its loop to reach the compiled tier
        var whole = RoundWriter.Write(Wait(runner.Freeze()).Store, null, final: false, inlineLimit);
        var delta = Wait(runner.FreezeAtPause((f, _) => RoundWriter.Write(f.Store, whole.Next, final: true, inlineLimit)));
        runner.Stop();
        var image = SnapshotFile.Read(whole.File);
        _ = SnapshotFile.Read(delta.File, parent: image);

        var modules = new ModuleCache();
        var restores = new IdleCache<RestoreKey, ForkBatch>(2, long.MaxValue, TimeSpan.Zero);
        foreach (var granularity in new[] { Granularity.Page, Granularity.Mixture })
        {
            var batch = ForkBatch.Restore("warm-up", new LocalSnapshotSource(image), granularity, CopyMode.Cow, modules: modules);
            using var first = new ManualResetEventSlim();
            var tracker = new ForkStartTracker(1, Stopwatch.GetTimestamp(), _ => first.Set());
            var fork = new InstanceRunner(new ForkedProgram(batch, tracker.NewTicket()), new Events(), stack, new InstanceGuard(settings.RunNode.Limits, null));
            fork.Start();
            Wait(first, "first instruction of a fork");
            fork.Stop();
            restores.Set(new RestoreKey("warm-up", granularity, CopyMode.Cow), batch, 0);
        }

        // What only the actors of a real fork or migration reach (the run node's requests, instances, captures, their
        // messages, settings and audit lines) is compiled here rather than on the first one's critical path; the restore cache's
        // dictionary, keyed by a struct, is compiled for that key by using it once.
        restores.Sweep(1);
        return PreJit.Namespaces(typeof(NodeWarmUp).Assembly, "WasmActors.Actors.RunNode", "WasmActors.Actors.Engine", "WasmActors.Actors.Messages", "WasmActors.Actors.Configuration", "WasmActors.Actors.Internal");
    }

    /// <summary>The counter sample (samples/counter.c), embedded.</summary>
    private static byte[] Program()
    {
        using var resource = typeof(NodeWarmUp).Assembly.GetManifestResourceStream("WasmActors.Actors.warm-up.wasm")
            ?? throw new InvalidOperationException("the warm-up program is not embedded");
        using var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        return bytes.ToArray();
    }

    private static T Wait<T>(Task<T> task) => task.Wait(StepTimeout) ? task.Result : throw new TimeoutException("the warm-up program did not freeze in time");

    private static void Wait(ManualResetEventSlim signal, string what)
    {
        if (!signal.Wait(StepTimeout))
        {
            throw new TimeoutException($"the warm-up program did not reach its {what} in time");
        }
    }

    /// <summary>What the warm-up's engine threads report: only the start matters.</summary>
    private sealed class Events : IRunnerEvents
    {
        public ManualResetEventSlim Started { get; } = new();

        public void Output(int fd, long sequence, byte[] data)
        {
        }

        void IRunnerEvents.Started() => Started.Set();

        public void Paused()
        {
        }

        public void Exited(int exitCode)
        {
        }

        public void Trapped(string message)
        {
        }

        public void Stopped()
        {
        }
    }
}
