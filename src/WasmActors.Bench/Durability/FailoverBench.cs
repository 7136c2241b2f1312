using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Bench.Cold;
using WasmActors.Bench.EndToEnd;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Bench.Durability;

/// <summary>
/// Failover of a faulting fork (docs/adr-022, decision 8) on node processes: seed, memory-1, memory-2 and run-1
/// (its code prefetch off, so that it reaches the snapshot through the holder the fork names). <see cref="PageWalker"/>
/// is deployed on run-1, paused at once and snapshotted (both memory nodes hold the snapshot once it is
/// acknowledged), then runs on uninterrupted: its output is the reference. A COW fork at page granularity of the
/// snapshot faults its pages in one by one; once it has read a few, the holder it fetches from is killed with
/// SIGKILL. Measured from the kill: when the run node logged its move to the other holder, the longest wait for a
/// page and when it ended (pages flowing again), and the fork's end; checked: the fork's output equals the
/// uninterrupted run's from the same point.
/// </summary>
internal sealed partial class FailoverBench(string wasmactors, RepositoryPaths paths, Action<string> line)
{
    /// <summary>
    /// Steps of work between two pages: about a millisecond, so that the uninterrupted walk lasts seconds (the pause
    /// after the deploy reaches it in time on a loaded machine) and the fork is still faulting when the holder dies.
    /// </summary>
    private const int WorkPerPage = 200_000;

    /// <summary>Pages the fork reports (one write each) before the holder is killed.</summary>
    private const int WritesBeforeKill = 32;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public async Task<FailoverRow> RunAsync(CancellationToken cancellation)
    {
        line("  starting node processes seed-1, memory-1, memory-2, run-1");
        await using var cluster = await ColdCluster.StartAsync(wasmactors, paths.Hocon, runNodes: 1, Timeout, memoryNodes: 2, runNodeSettings: "wasmactors.run-node.module-prefetch = off")
            .WaitAsync(cancellation);
        await using var session = await cluster.ConnectAsync(Timeout);
        var client = session.Client;

        var original = new ProgramOutput(session.System);
        var deployed = await client.DeployAsync(PageWalker.Build(WorkPerPage), "page-walker", [], owner: original.Ref, node: "run-1");
        // Paused at once, not at "ready": the snapshot then lands before or early in the walk, well before its end
        // even when a loaded machine delays the pause.
        await client.PauseAsync(deployed.InstanceId);
        var taken = await client.SnapshotAsync(deployed.InstanceId);
        await client.ResumeAsync(deployed.InstanceId);
        if (await original.Ended.WaitAsync(Timeout, cancellation) is not InstanceExited)
        {
            throw new InvalidOperationException($"the uninterrupted page walker did not exit: {original.Ended.Result}");
        }

        var uninterrupted = original.Text();
        var holder = await client.LocateAsync(taken.SnapshotId);
        line($"  snapshot {taken.SnapshotId} acknowledged; COW fork (page) on run-1 faulting from {holder.MemoryNode}");
        var fork = new ProgramOutput(session.System);
        await client.ForkAsync(taken.SnapshotId, Granularity.Page, CopyMode.Cow, 1, fork.Ref, "run-1");
        await UntilAsync(() => fork.Writes >= WritesBeforeKill, "the fork reading its first pages", cancellation);

        var writesBeforeKill = fork.Writes;
        var killed = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        await cluster.KillAsync(holder.MemoryNode);
        line($"  killed {holder.MemoryNode} (SIGKILL) after the fork had written {writesBeforeKill} times");
        var (resumed, longestWait) = await FollowAsync(fork, writesBeforeKill, clock, cancellation);
        var ending = await fork.Ended.WaitAsync(Timeout, cancellation);
        var end = clock.Elapsed;
        if (ending is InstanceTrapped trapped)
        {
            throw new InvalidOperationException($"the fork trapped after {holder.MemoryNode} was killed: {trapped.Message}");
        }

        // The fork prints what the original printed after the snapshot: "ready" too if it was taken before.
        var forked = fork.Text();
        var ready = forked.StartsWith("ready\n", StringComparison.Ordinal) ? 1 : 0;
        var matches = ending is InstanceExited { ExitCode: 0 } && forked.Length > writesBeforeKill && uninterrupted.EndsWith(forked, StringComparison.Ordinal);
        // The run node's proxy logs "[… 12/06/2026 23:24:40.583Z] … snapshot s-…: fetching from memory-2 instead of
        // memory-1" when it moves, stamped by the same clock as the kill.
        var moved = cluster.LogLines("run-1", $"instead of {holder.MemoryNode}").FirstOrDefault();
        line($"  run-1 logged: {moved ?? "no failover"}");
        var movement = moved is null ? null : MovedTo().Match(moved);
        var (servedBy, movedAfter) = movement is { Success: true }
            ? (movement.Groups["to"].Value, (DateTime.ParseExact(movement.Groups["at"].Value, "MM/dd/yyyy HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) - killed).TotalSeconds)
            : ((string?)null, (double?)null);
        return new FailoverRow(holder.MemoryNode, servedBy, movedAfter, writesBeforeKill - ready, forked.Length - ("ready\n".Length * ready) - 1, resumed, longestWait, end.TotalSeconds, matches);
    }

    /// <summary>
    /// Watches the fork's pages arrive until it ends: the longest wait between two pages from the kill on (the kill
    /// counting as the first: pages fetched before it may still arrive after it), and seconds from the kill to the
    /// page that ended that wait — when the other holder answered.
    /// </summary>
    private static async Task<(double Resumed, double LongestWait)> FollowAsync(ProgramOutput fork, int writesBeforeKill, Stopwatch clock, CancellationToken cancellation)
    {
        var (seen, last, longest, resumed) = (writesBeforeKill, 0.0, 0.0, 0.0);
        while (!fork.Ended.IsCompleted)
        {
            var (writes, now) = (fork.Writes, clock.Elapsed.TotalSeconds);
            if (writes > seen)
            {
                if (now - last > longest)
                {
                    (longest, resumed) = (now - last, now);
                }

                (last, seen) = (now, writes);
            }

            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"the fork did not end within {Timeout.TotalSeconds:0} s of the kill");
            }

            await Task.Delay(1, cancellation);
        }

        return (resumed, longest);
    }

    private static async Task UntilAsync(Func<bool> done, string what, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"no {what} within {Timeout.TotalSeconds:0} s");
            }

            await Task.Delay(1, cancellation);
        }
    }

    [GeneratedRegex(@"\[(?<at>\d\d/\d\d/\d{4} \d\d:\d\d:\d\d\.\d{3})Z\].*fetching from (?<to>\S+) instead of")]
    private static partial Regex MovedTo();
}
