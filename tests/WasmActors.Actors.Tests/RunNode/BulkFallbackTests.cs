using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Restore;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A bulk fetch that fails is not silent: the run node counts it (<c>BulkFallbacks</c> in its stats), logs a warning
/// naming the snapshot, the endpoint and the reason, and the pages come over Akka.Remote instead.
/// </summary>
/// <remarks>
/// Without module prefetch: a prefetch would make the snapshot's proxy for the holder as announced, and the fork below
/// would fetch through it (a proxy's holder is the one it was made for, or moved to).
/// </remarks>
public sealed class BulkFallbackTests(ITestOutputHelper output) : WasmActorsTestKit(output, "wasmactors.run-node.module-prefetch = off")
{
    [Fact]
    public async Task APageFetchWhoseBulkEndpointRefusesIsCountedLoggedAndServedOverAkkaRemote()
    {
        var arguments = new[] { "200", "20", "2000000" }; // paused at its first line: still running when the pause arrives
        var (snapshot, deployed, _) = await StoredSnapshots.OfCounterMidRunAsync(Sys, Orchestrator, arguments, "run-1", Timeout);
        await Orchestrator.StopAsync(deployed.InstanceId);

        // The holder as located, but its bulk endpoint a TCP port nothing listens on: every connection is refused.
        var located = await Orchestrator.LocateAsync(snapshot.SnapshotId);
        Assert.NotNull(located.Bulk);
        var refusing = located with { Bulk = located.Bulk with { Transport = "tcp", Port = ClosedPort() } };

        var runNode = RunNodes[0].System;
        var warnings = CreateTestProbe(runNode);
        runNode.EventStream.Subscribe(warnings.Ref, typeof(Warning));

        var forkOutput = new ProgramOutput(Sys);
        var run = await Sys.ActorSelection(RunNodes[0].Address + "/user/run").ResolveOne(Timeout);
        // Not copy-on-write: the restore fetches every page before the first instruction, in requests that try the bulk path first.
        var forked = await run.Ask<object>(new ForkFrom(1, refusing, Granularity.Page, CopyMode.NoCow, 1, forkOutput.Ref), Timeout);
        Assert.IsType<Forked>(forked);
        Assert.IsType<InstanceExited>(await AwaitEndAsync(forkOutput));
        Assert.EndsWith(forkOutput.Text(), RunLocally("counter", arguments), StringComparison.Ordinal);
        Assert.Contains("done:", forkOutput.Text(), StringComparison.Ordinal);

        var stats = (await Orchestrator.StatsAsync()).Single(s => s.Node == "run-1");
        Assert.True(stats.BulkFallbacks >= 1, $"no bulk fallback counted: {stats}");
        Assert.Equal(0, stats.BulkBytesServed); // nothing came over the bulk path: every page over Akka.Remote
        Assert.True(stats.BytesServed > 0);

        var endpoint = $"tcp://{refusing.Bulk.Host}:{refusing.Bulk.Port}";
        var warning = warnings.FishForMessage<Warning>(w => w.Message.ToString()!.Contains(endpoint, StringComparison.Ordinal), Timeout);
        var line = warning.Message.ToString()!;
        Assert.Contains(snapshot.SnapshotId, line, StringComparison.Ordinal);
        Assert.Contains("Akka.Remote", line, StringComparison.Ordinal);
        Output!.WriteLine(line);
    }

    /// <summary>A TCP port that was free a moment ago, with nothing listening on it now.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
