using Akka.Actor;
using WasmActors.Actors.Messages;
using WasmActors.Actors.RunNode;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Actors.Orchestration;

/// <summary>
/// The orchestrator as a library: finds run and memory nodes through <paramref name="directory"/> and sends the
/// protocol's requests (docs/protocol.md), returning the typed reply or throwing <see cref="OrchestratorException"/>
/// with the node's reason. Without a directory, <paramref name="system"/> must be a member of the cluster (any role)
/// and membership is read; a client that is not a member passes a <see cref="ReceptionistDirectory"/>.
/// </summary>
public sealed class OrchestratorClient(ActorSystem system, TimeSpan timeout, INodeDirectory? directory = null)
{
    private static readonly TimeSpan IndependencePollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LossGrace = TimeSpan.FromMilliseconds(250);

    private readonly INodeDirectory _directory = directory ?? new MembershipDirectory(system, timeout);
    private long _nextRequestId;

    public TimeSpan Timeout => timeout;

    /// <summary>Run nodes that are Up, with their names.</summary>
    public Task<IReadOnlyList<ClusterNode>> RunNodesAsync() => _directory.NodesAsync("run");

    /// <summary>Memory nodes that are Up, with their names.</summary>
    public Task<IReadOnlyList<ClusterNode>> MemoryNodesAsync() => _directory.NodesAsync("memory");

    /// <summary>
    /// Uploads and starts a program. <paramref name="preopens"/> are "HOST::GUEST" directories on the run node (inside
    /// its wasmactors.run-node.preopen-roots); <paramref name="progress"/> hears the upload's part acknowledgements.
    /// </summary>
    public async Task<Deployed> DeployAsync(
        byte[] wasm,
        string name,
        IReadOnlyList<string>? arguments = null,
        IReadOnlyList<string>? environment = null,
        IActorRef? owner = null,
        string? node = null,
        IReadOnlyList<string>? preopens = null,
        IProgress<TransferProgress>? progress = null,
        ProgramLimits? limits = null)
        => await TracedAsync("deploy", name, async () =>
        {
            var target = node is null ? await LeastLoadedRunNodeAsync() : await RunNodeAsync(node);
            var moduleId = await UploadAsync(target, wasm, progress);
            return await AskAsync<Deployed>(target.Actor, new DeployProgram(NextId(), name, moduleId, [.. arguments ?? []], [.. environment ?? []], owner ?? ActorRefs.Nobody, preopens is { Count: > 0 } ? [.. preopens] : null, limits), "deploy");
        });

    /// <summary>Sends a module binary to a run node in frame-sized parts (all from one sender, so in order); returns its id.</summary>
    public async Task<string> UploadAsync(ClusterNode runNode, byte[] wasm, IProgress<TransferProgress>? progress = null)
    {
        if (wasm.Length == 0)
        {
            throw new OrchestratorException("deploy", "the module is empty");
        }

        var id = ModuleStore.IdOf(wasm);
        var requestId = NextId();
        var parts = BlobParts.Split(wasm, WasmActors.Actors.Configuration.WasmActorsExtension.Get(system).Settings.RemoteChunkBytes).ToArray();
        using var listener = ProgressListener.Start(system, progress);
        var progressRef = listener?.Ref;
        object reply;
        try
        {
            reply = await runNode.Actor.Ask<object>(
                replyTo =>
                {
                    foreach (var (part, count, data) in parts[..^1])
                    {
                        runNode.Actor.Tell(new ModuleUploadPart(requestId, id, part, count, wasm.Length, data, progressRef), replyTo);
                    }

                    var last = parts[^1];
                    return new ModuleUploadPart(requestId, id, last.Part, last.Parts, wasm.Length, last.Data, progressRef);
                },
                timeout,
                CancellationToken.None);
        }
        catch (AskTimeoutException)
        {
            throw new OrchestratorException("deploy", $"no reply from {runNode.Name} to the module upload within {timeout.TotalSeconds:0.#} s");
        }

        return reply switch
        {
            ModuleStored stored => stored.ModuleId,
            OperationFailed failed => throw new OrchestratorException(failed.Operation, failed.Reason),
            _ => throw new OrchestratorException("deploy", $"unexpected reply {reply.GetType().Name}"),
        };
    }

    public async Task<InstanceStateChanged> PauseAsync(string instanceId) =>
        await AskAsync<InstanceStateChanged>((await HolderAsync(instanceId)).Actor, new PauseInstance(NextId(), instanceId), "pause");

    public async Task<InstanceStateChanged> ResumeAsync(string instanceId) =>
        await AskAsync<InstanceStateChanged>((await HolderAsync(instanceId)).Actor, new ResumeInstance(NextId(), instanceId), "resume");

    public async Task<InstanceStateChanged> StopAsync(string instanceId) =>
        await AskAsync<InstanceStateChanged>((await HolderAsync(instanceId)).Actor, new StopInstance(NextId(), instanceId), "stop");

    /// <summary>
    /// Sends <paramref name="subscriber"/> the instance's output from now on and its ending, wherever the instance runs
    /// and whoever owns it (a fork has no owner of its own).
    /// </summary>
    public async Task<Following> FollowAsync(string instanceId, IActorRef subscriber) =>
        await AskAsync<Following>((await HolderAsync(instanceId)).Actor, new FollowInstance(NextId(), instanceId, subscriber), "logs");

    /// <summary>
    /// <see cref="FollowAsync(string, IActorRef)"/> into <paramref name="program"/>, which also watches the run node
    /// holding the instance: if that node is lost first, the program's ending is <see cref="InstanceLost"/>.
    /// </summary>
    public async Task<Following> FollowAsync(string instanceId, ProgramOutput program)
    {
        var holder = await HolderAsync(instanceId);
        program.WatchHolder(instanceId, holder);
        return await AskAsync<Following>(holder.Actor, new FollowInstance(NextId(), instanceId, program.Ref), "logs");
    }

    /// <summary>
    /// Has <paramref name="program"/> (the instance's owner) watch the run node holding the instance — <paramref name="node"/>
    /// if known — so that its ending is <see cref="InstanceLost"/> if that node is lost first.
    /// </summary>
    public async Task WatchHolderAsync(string instanceId, ProgramOutput program, string? node = null) =>
        program.WatchHolder(instanceId, node is null ? await HolderAsync(instanceId) : await RunNodeAsync(node));

    /// <summary>Snapshots an instance; <paramref name="progress"/> hears each part of the snapshot going to the memory node.</summary>
    public async Task<SnapshotTaken> SnapshotAsync(string instanceId, bool leavePaused = false, IProgress<TransferProgress>? progress = null) =>
        await TracedAsync("snapshot", instanceId, async () =>
        {
            var holder = await HolderAsync(instanceId);
            using var listener = ProgressListener.Start(system, progress);
            return await AskAsync<SnapshotTaken>(holder.Actor, new TakeSnapshot(NextId(), instanceId, leavePaused, listener?.Ref), "snapshot");
        });

    /// <summary>
    /// Starts <paramref name="count"/> forks of a snapshot on one run node with one message; the reply comes when all
    /// have reached their first instruction. <paramref name="progress"/> hears the restore's fetches. <paramref name="detach"/>:
    /// the forks then pull everything still on the memory node in the background (<see cref="WaitIndependentAsync"/>);
    /// null leaves it to the run node's wasmactors.run-node.detach.forks (off by default: forks share pages).
    /// </summary>
    public async Task<Forked> ForkAsync(string snapshotId, Granularity granularity, CopyMode mode, int count = 1, IActorRef? owner = null, string? node = null, IProgress<TransferProgress>? progress = null, ProgramLimits? limits = null, bool? detach = null) =>
        await TracedAsync("fork", snapshotId, async () =>
        {
            var snapshot = await LocateAsync(snapshotId);
            var target = node is null ? await LeastLoadedRunNodeAsync() : await RunNodeAsync(node);
            using var listener = ProgressListener.Start(system, progress);
            return await AskAsync<Forked>(target.Actor, new ForkFrom(NextId(), snapshot, granularity, mode, count, owner ?? ActorRefs.Nobody, listener?.Ref, limits, detach), "fork");
        });

    /// <summary>
    /// Pauses the instance, snapshots it, continues it on <paramref name="targetNode"/> and stops the original;
    /// <paramref name="progress"/> hears each part of the snapshot going to the memory node.
    /// </summary>
    public async Task<Migrated> MigrateAsync(string instanceId, string targetNode, IProgress<TransferProgress>? progress = null) =>
        await TracedAsync("migrate", instanceId, async () =>
        {
            var holder = await HolderAsync(instanceId);
            var target = await RunNodeAsync(targetNode);
            using var listener = ProgressListener.Start(system, progress);
            // Both ends are watched: the one lost is named, within the failure detector's time.
            return await AskAsync<Migrated>(
                holder.Actor,
                new MigrateTo(NextId(), instanceId, target.Name, target.Actor, listener?.Ref),
                "migrate",
                (holder.Actor, $"the source run node {holder.Name} was lost during the migration: the program is lost with it unless `wasmactors ls` shows it on {target.Name}"),
                (target.Actor, $"the target run node {target.Name} was lost during the migration: the program stays on {holder.Name}"));
        });

    /// <summary>
    /// Runs one operation inside a span of the <see cref="Telemetry.WasmActorsMetrics.Activities"/> source named
    /// "wasmactors.OPERATION", tagged with what it acts on; a failure marks the span as an error with its message.
    /// </summary>
    private static async Task<T> TracedAsync<T>(string operation, string subject, Func<Task<T>> call)
    {
        using var span = Telemetry.WasmActorsMetrics.Activities.StartActivity("wasmactors." + operation, System.Diagnostics.ActivityKind.Client);
        span?.SetTag("wasmactors.subject", subject);
        try
        {
            return await call();
        }
        catch (Exception e)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    /// <summary>
    /// Waits, at most <paramref name="bound"/>, until the instance on run node <paramref name="node"/> has nothing left
    /// on a memory node (a migrated program, a detached fork) or has ended, polling its listing; returns its last row
    /// (<see cref="InstanceInfo.Independent"/> false if the bound passed first).
    /// </summary>
    public async Task<InstanceInfo> WaitIndependentAsync(string node, string instanceId, TimeSpan bound)
    {
        var runNode = await RunNodeAsync(node);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var list = await AskAsync<InstanceList>(runNode.Actor, new ListInstances(NextId()), "ls");
            var row = list.Instances.FirstOrDefault(i => i.InstanceId == instanceId)
                ?? throw new OrchestratorException("wait", $"run node {node} does not list instance {instanceId}");
            // With a pull under way, its own report (how long, how much) comes a moment after the last piece is local.
            var reported = row.Independent && (row.PulledBytes is null || row.IndependentAfterSeconds is not null);
            if (reported || row.EndedAt is not null || clock.Elapsed >= bound)
            {
                return row;
            }

            await Task.Delay(IndependencePollInterval);
        }
    }

    public async Task<IReadOnlyList<InstanceInfo>> ListAsync()
    {
        var lists = await Task.WhenAll((await RunNodesAsync()).Select(n => AskAsync<InstanceList>(n.Actor, new ListInstances(NextId()), "ls")));
        return lists.SelectMany(l => l.Instances).ToArray();
    }

    /// <summary>The stored snapshots, each once however many memory nodes hold it (docs/adr-022-snapshot-replication.md).</summary>
    public async Task<IReadOnlyList<SnapshotInfo>> SnapshotsAsync()
    {
        var lists = await Task.WhenAll((await MemoryNodesAsync()).Select(n => AskAsync<SnapshotList>(n.Actor, new ListSnapshots(NextId()), "snapshots")));
        return lists.SelectMany(l => l.Snapshots).DistinctBy(s => s.SnapshotId, StringComparer.Ordinal).ToArray();
    }

    public async Task<IReadOnlyList<NodeStats>> StatsAsync()
    {
        var nodes = (await RunNodesAsync()).Concat(await MemoryNodesAsync());
        return await Task.WhenAll(nodes.Select(n => AskAsync<NodeStats>(n.Actor, new GetNodeStats(NextId()), "stats")));
    }

    /// <summary>Drops a snapshot (and, <paramref name="withAncestors"/>, the parents no other snapshot needs) from its memory node.</summary>
    public async Task<SnapshotsDeleted> DeleteSnapshotAsync(string snapshotId, bool withAncestors = false)
    {
        var where = await LocateAsync(snapshotId);
        // Not watched: the snapshot's own actor stops once it is dropped.
        return await AskAsync<SnapshotsDeleted>(where.Actor, new DeleteSnapshot(NextId(), snapshotId, withAncestors), "delete");
    }

    /// <summary>
    /// A memory node holding the snapshot: every memory node up is asked at once and the first that holds it answers;
    /// one that is lost or stalled does not hold up the others (it only matters when no other holds the snapshot).
    /// </summary>
    public Task<SnapshotRef> LocateAsync(string snapshotId) =>
        SearchAsync(async () => await FirstFound.Of(
            (await MemoryNodesAsync()).Select(m => LocateOnAsync(m, snapshotId)),
            problems => new OrchestratorException("locate", $"no memory node holds snapshot {snapshotId}" + FirstFound.Listed(problems))));

    /// <summary>
    /// A search over the nodes the directory lists; when it finds nothing with a directory answer kept from earlier,
    /// it is made once more with a new answer: the node that holds what is sought may have come since (a snapshot
    /// stored on a memory node the kept answer did not list yet).
    /// </summary>
    private async Task<T> SearchAsync<T>(Func<Task<T>> search)
    {
        try
        {
            return await search();
        }
        catch (OrchestratorException) when (_directory is ReceptionistDirectory kept && kept.ForgetAnswer())
        {
            return await search();
        }
    }

    /// <summary>Where <paramref name="memory"/> serves the snapshot; null if it does not hold it, or with why it did not answer.</summary>
    private async Task<(SnapshotRef? Found, string? Problem)> LocateOnAsync(ClusterNode memory, string snapshotId)
    {
        try
        {
            return await memory.Actor.Ask<object>(new LocateSnapshot(NextId(), snapshotId), timeout) is SnapshotLocated located ? (located.Snapshot, null) : (null, null);
        }
        catch (AskTimeoutException)
        {
            return (null, $"no reply from {memory.Name} within {timeout.TotalSeconds:0.#} s");
        }
    }

    public async Task<ClusterNode> RunNodeAsync(string name) =>
        (await RunNodesAsync()).FirstOrDefault(n => n.Name == name)
        ?? throw new OrchestratorException("find", $"no run node named {name} is up (see `wasmactors stats`)");

    private async Task<ClusterNode> LeastLoadedRunNodeAsync()
    {
        var nodes = await RunNodesAsync();
        if (nodes.Count == 0)
        {
            throw new OrchestratorException("find", "no run node is up in the cluster");
        }

        var loads = await Task.WhenAll(nodes.Select(n => AskAsync<NodeStats>(n.Actor, new GetNodeStats(NextId()), "stats")));
        return nodes[Array.IndexOf(loads, loads.MinBy(l => l.Instances))];
    }

    /// <summary>
    /// The run node holding the instance: every run node up is asked at once and the first that lists it answers, so
    /// a command costs one round trip however many run nodes there are, and a stalled one only matters when no other
    /// holds the instance.
    /// </summary>
    private Task<ClusterNode> HolderAsync(string instanceId) =>
        SearchAsync(async () => await FirstFound.Of(
            (await RunNodesAsync()).Select(n => HoldsOnAsync(n, instanceId)),
            problems => new OrchestratorException("find", $"no run node holds instance {instanceId}" + FirstFound.Listed(problems))));

    /// <summary><paramref name="node"/> if it lists the instance; null if not, or with why it did not answer.</summary>
    private async Task<(ClusterNode? Found, string? Problem)> HoldsOnAsync(ClusterNode node, string instanceId)
    {
        try
        {
            var list = await AskAsync<InstanceList>(node.Actor, new ListInstances(NextId()), "ls");
            return (list.Instances.Any(i => i.InstanceId == instanceId) ? node : null, null);
        }
        catch (OrchestratorException e)
        {
            return (null, $"{node.Name}: {e.Reason}");
        }
    }

    /// <summary>
    /// Asks <paramref name="actor"/>; a node of <paramref name="watched"/> lost first fails the request with that
    /// entry's reason instead of waiting the whole timeout. Only long requests watch (a migration's two ends): a
    /// client that is no member watches with Akka.Remote's detector, which quarantines a lost node's incarnation, and
    /// a short request is better off with its timeout than with that.
    /// </summary>
    private async Task<T> AskAsync<T>(IActorRef actor, ICorrelatedMessage request, string operation, params (IActorRef Actor, string Reason)[] watched)
    {
        using var loss = watched.Length == 0 ? null : NodeLoss.Watch(system, watched);
        var ask = actor.Ask<object>(request, timeout);
        // A DeathWatch notice is a system message and may overtake a reply already on its way: a short grace for it.
        if (loss is not null && await Task.WhenAny(ask, loss.Lost) == loss.Lost && await Task.WhenAny(ask, Task.Delay(LossGrace)) != ask)
        {
            throw new OrchestratorException(operation, await loss.Lost);
        }

        object reply;
        try
        {
            reply = await ask;
        }
        catch (AskTimeoutException)
        {
            throw new OrchestratorException(operation, $"no reply from {actor.Path.Address} within {timeout.TotalSeconds:0.#} s");
        }

        return reply switch
        {
            T typed => typed,
            OperationFailed failed => throw new OrchestratorException(failed.Operation, failed.Reason),
            _ => throw new OrchestratorException(operation, $"unexpected reply {reply.GetType().Name}"),
        };
    }

    private long NextId() => Interlocked.Increment(ref _nextRequestId);
}
