using Akka.Actor;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.TestKit;
using WasmActors.Wasm.Runtime;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A memory node with a durable store (wasmactors.memory-node.store-path), run as a real process and killed with
/// SIGKILL: restarted on the same configuration it serves every snapshot it acknowledged, and an upload cut short at
/// any point leaves its snapshot whole or absent.
/// </summary>
public sealed class DurableStoreProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120); // a restarted node waits for the cluster to remove its old incarnation

    private readonly string _directory = Directory.CreateTempSubdirectory("wasmactors-durable-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string MemoryConfig() => StoredMemoryNode.Config(_directory, "store");

    private static Task<OrchestratorSession> ConnectAsync(string seed) => NodeProcesses.ConnectAsync(seed, Timeout);

    private static Task<T> EventuallyAsync<T>(Func<Task<T>> ask, Func<T, bool> ready, string what) => Eventually.AskAsync(ask, ready, what, Timeout);

    [Fact]
    public async Task A_memory_node_killed_and_restarted_on_its_store_forks_an_earlier_snapshot_with_the_right_output()
    {
        var seedPort = NodeProcesses.FreePort();
        var seed = $"akka.ssl.tcp://wasmactors@127.0.0.1:{seedPort}";
        var (memoryPort, bulkPort) = (NodeProcesses.FreePort(), NodeProcesses.FreePort());
        var memoryConfig = MemoryConfig();
        await using var nodes = new NodeProcesses(output);
        nodes.Launch("seed-node.conf", seedPort, "seed-1", seed);
        nodes.Launch(memoryConfig, memoryPort, "memory-1", seed, bulkPort);
        nodes.Launch("run-node.conf", NodeProcesses.FreePort(), "run-1", seed);
        await using var session = await ConnectAsync(seed);
        var client = session.Client;
        await EventuallyAsync(async () => (await client.RunNodesAsync()).Count + (await client.MemoryNodesAsync()).Count, n => n == 2, "the cluster forming");

        string[] arguments = ["600", "20", "500000"]; // about a second: still running at the second pause
        var reference = LocalRun.Stdout(RepositoryFiles.Sample("counter"), "counter", arguments);
        var program = new ProgramOutput(session.System);
        var deployed = await client.DeployAsync(await File.ReadAllBytesAsync(RepositoryFiles.Sample("counter")), "counter", arguments, null, program.Ref, "run-1");
        await program.WaitForAsync(t => t.Contains("counter: ", StringComparison.Ordinal), Timeout);
        await client.PauseAsync(deployed.InstanceId); // mid-run however fast the machine is
        var early = await client.SnapshotAsync(deployed.InstanceId);
        var printed = program.Text().Length;
        await client.ResumeAsync(deployed.InstanceId);
        await program.WaitForAsync(t => t.Length > printed + 200, Timeout);
        await client.PauseAsync(deployed.InstanceId);
        var later = await client.SnapshotAsync(deployed.InstanceId); // a delta of the early one
        await client.ResumeAsync(deployed.InstanceId);
        Assert.IsType<InstanceExited>(await program.Ended.WaitAsync(Timeout));

        await nodes.KillAsync("memory-1");
        nodes.Launch(memoryConfig, memoryPort, "memory-1", seed, bulkPort);
        var held = await EventuallyAsync(() => nodes.Supervised("memory-1", client.SnapshotsAsync), list => list.Count == 2, "the restarted memory node serving its snapshots");

        Assert.Equal(new[] { early.SnapshotId, later.SnapshotId }.Order(StringComparer.Ordinal), held.Select(s => s.SnapshotId).Order(StringComparer.Ordinal));
        var stats = Assert.Single(await client.StatsAsync(), s => s.Roles.Contains("memory"));
        Assert.Equal(held.Sum(s => s.Bytes), stats.StoredBytes);
        foreach (var snapshot in new[] { early, later })
        {
            var fork = new ProgramOutput(session.System);
            await client.ForkAsync(snapshot.SnapshotId, Granularity.Page, CopyMode.Cow, 1, fork.Ref, "run-1");
            Assert.IsType<InstanceExited>(await fork.Ended.WaitAsync(Timeout));
            Assert.EndsWith(fork.Text(), reference, StringComparison.Ordinal);
            Assert.Contains("done:", fork.Text(), StringComparison.Ordinal);
        }

        Assert.Empty(nodes.LinesWith("dropped ("));
    }

    [Fact]
    public async Task Uploads_cut_short_by_a_kill_leave_each_snapshot_whole_or_absent()
    {
        var seedPort = NodeProcesses.FreePort();
        var seed = $"akka.ssl.tcp://wasmactors@127.0.0.1:{seedPort}";
        var (memoryPort, bulkPort) = (NodeProcesses.FreePort(), NodeProcesses.FreePort());
        var memoryConfig = MemoryConfig();
        await using var nodes = new NodeProcesses(output);
        nodes.Launch("seed-node.conf", seedPort, "seed-1", seed);
        nodes.Launch(memoryConfig, memoryPort, "memory-1", seed, bulkPort);
        await using var session = await ConnectAsync(seed);
        var client = session.Client;
        var files = Snapshots(6);
        var acknowledged = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var random = new Random(15);

        for (var round = 0; round < 3; round++)
        {
            var memory = (await EventuallyAsync(client.MemoryNodesAsync, list => list.Count == 1, "the memory node joining"))[0];
            var uploads = files.Select((file, i) => (Id: $"r{round}-s{i}", File: file, Reply: Upload(memory.Actor, $"r{round}-s{i}", file))).ToArray();

            // The kill lands after a random number of acknowledgements, a random moment later: before, between or
            // during the writes of the uploads still under way.
            var pending = uploads.Select(u => u.Reply).ToList();
            for (var wanted = random.Next(0, files.Length); wanted > 0; wanted--)
            {
                pending.Remove(await Task.WhenAny(pending));
            }

            await Task.Delay(random.Next(0, 60));
            await nodes.KillAsync("memory-1");
            foreach (var (id, file, reply) in uploads)
            {
                if (reply.IsCompletedSuccessfully && await reply is SnapshotStored)
                {
                    acknowledged[id] = file;
                }
            }

            output.WriteLine($"round {round}: {uploads.Count(u => acknowledged.ContainsKey(u.Id))} of {uploads.Length} uploads acknowledged before the kill");
            nodes.Launch(memoryConfig, memoryPort, "memory-1", seed, bulkPort);
            var held = await EventuallyAsync(() => nodes.Supervised("memory-1", client.SnapshotsAsync), list => list.Count >= acknowledged.Count, "the restarted memory node serving its snapshots");

            // Every acknowledged upload is back; anything else held is a whole snapshot (the store verified each
            // chunk at start and dropped nothing).
            Assert.All(acknowledged.Keys, id => Assert.Contains(held, s => s.SnapshotId == id));
            foreach (var info in held)
            {
                var file = files[int.Parse(info.SnapshotId[(info.SnapshotId.IndexOf('s') + 1)..], System.Globalization.CultureInfo.InvariantCulture)];
                Assert.Equal((long)file.Length, info.Bytes);
            }
        }

        Assert.Empty(nodes.LinesWith("dropped ("));
    }

    /// <summary>Sends an upload's parts; the reply to its last part (SnapshotStored once it is durable) completes the task.</summary>
    private static Task<object> Upload(IActorRef store, string id, byte[] file)
    {
        var parts = BlobParts.Split(file, 64 << 10).ToArray();
        foreach (var (part, count, data) in parts[..^1])
        {
            store.Tell(new SnapshotUploadPart(part, id, "test", part, count, file.Length, data));
        }

        var (lastPart, lastCount, lastData) = parts[^1];
        return store.Ask<object>(new SnapshotUploadPart(lastPart, id, "test", lastPart, lastCount, file.Length, lastData), Timeout);
    }

    /// <summary>Snapshot files of a 1 MiB memory, each differing from the others in a few pages (so they share most chunks).</summary>
    private static byte[][] Snapshots(int count)
    {
        // (module (memory 16)): magic, version, and a memory section of one memory of 16 pages.
        byte[] module = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x10];
        var files = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var store = new Store();
            Instantiator.Instantiate(store, ModuleBinaries.Load(module), new Linker(), "memory");
            var memory = store.Memories[0];
            for (var page = 0; page < 256; page++)
            {
                memory.Store<int>((ulong)page * 4096, page + 1);
            }

            memory.Store<int>((ulong)(i % 256) * 4096 + 8, 1000 + i);
            files[i] = SnapshotFile.Write(SnapshotWriter.Capture(store));
        }

        return files;
    }
}
