using System.Diagnostics;
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
/// runs on run-1 and is snapshotted just after "ready" (both memory nodes hold the snapshot once it is
/// acknowledged), then runs on uninterrupted: its output is the reference. A COW fork at page granularity of the
/// snapshot faults its pages in one by one; once it has read a few, the holder it fetches from is killed with
/// SIGKILL. Measured: from the kill to the second page answered after it (the first may have been in flight), the
/// longest wait for a page, and to the fork's end; checked: the fork's output equals the uninterrupted run's from
/// the same point, and the run node's log names the holder it moved to.
/// </summary>
internal sealed partial class FailoverBench(string wasmactors, RepositoryPaths paths, Action<string> line)
{
    /// <summary>Steps of work between two pages: enough that the fork is still faulting when the holder dies.</summary>
    private const int WorkPerPage = 20_000;

    private const int PagesBeforeKill = 32;

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
        await original.WaitForAsync(text => text.StartsWith("ready\n", StringComparison.Ordinal), Timeout).WaitAsync(cancellation);
        await client.PauseAsync(deployed.InstanceId);
        var taken = await client.SnapshotAsync(deployed.InstanceId);
        await client.ResumeAsync(deployed.InstanceId);
        if (await original.Ended.WaitAsync(Timeout, cancellation) is not InstanceExited)
        {
            throw new InvalidOperationException($"the uninterrupted page walker did not exit: {original.Ended.Result}");
        }

        var uninterrupted = original.Text()["ready\n".Length..];
        var holder = await client.LocateAsync(taken.SnapshotId);
        line($"  snapshot {taken.SnapshotId} acknowledged; COW fork (page) on run-1 faulting from {holder.MemoryNode}");
        var fork = new ProgramOutput(session.System);
        await client.ForkAsync(taken.SnapshotId, Granularity.Page, CopyMode.Cow, 1, fork.Ref, "run-1");
        await UntilAsync(() => fork.Writes >= PagesBeforeKill, "the fork reading its first pages", cancellation);

        var pagesBeforeKill = fork.Writes;
        var clock = Stopwatch.StartNew();
        await cluster.KillAsync(holder.MemoryNode);
        line($"  killed {holder.MemoryNode} (SIGKILL) after the fork had read {pagesBeforeKill} pages");
        var (nextPage, longestWait) = await FollowAsync(fork, pagesBeforeKill, clock, cancellation);
        var ending = await fork.Ended.WaitAsync(Timeout, cancellation);
        var end = clock.Elapsed;
        if (ending is InstanceTrapped trapped)
        {
            throw new InvalidOperationException($"the fork trapped after {holder.MemoryNode} was killed: {trapped.Message}");
        }

        var forked = fork.Text();
        var matches = ending is InstanceExited { ExitCode: 0 } && forked.Length > pagesBeforeKill && uninterrupted.EndsWith(forked, StringComparison.Ordinal);
        // The run node's proxy logs "snapshot s-…: fetching from memory-2 instead of memory-1" when it moves.
        var moved = cluster.LogLines("run-1", $"instead of {holder.MemoryNode}").FirstOrDefault();
        var servedBy = moved is null ? null : MovedTo().Match(moved).Groups[1].Value;
        return new FailoverRow(holder.MemoryNode, servedBy, pagesBeforeKill, forked.Length - 1, nextPage, longestWait, end.TotalSeconds, matches);
    }

    /// <summary>
    /// Watches the fork's pages arrive until it ends: seconds from the kill to the second page reported after it, and
    /// the longest wait between two pages (the kill counting as the first).
    /// </summary>
    private static async Task<(double NextPage, double LongestWait)> FollowAsync(ProgramOutput fork, int pagesBeforeKill, Stopwatch clock, CancellationToken cancellation)
    {
        double? nextPage = null;
        var (seen, last, longest) = (pagesBeforeKill, 0.0, 0.0);
        while (!fork.Ended.IsCompleted)
        {
            var (writes, now) = (fork.Writes, clock.Elapsed.TotalSeconds);
            if (writes > seen)
            {
                (longest, last, seen) = (Math.Max(longest, now - last), now, writes);
                nextPage ??= writes >= pagesBeforeKill + 2 ? now : null;
            }

            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"the fork did not end within {Timeout.TotalSeconds:0} s of the kill");
            }

            await Task.Delay(1, cancellation);
        }

        return (nextPage ?? clock.Elapsed.TotalSeconds, longest);
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

    [GeneratedRegex("fetching from (\\S+) instead of")]
    private static partial Regex MovedTo();
}
