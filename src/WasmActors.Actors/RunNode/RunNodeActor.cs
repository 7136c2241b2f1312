using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// The run node (at <see cref="Path"/>): starts instances from binaries and from snapshots, routes requests to
/// them, keeps one memory proxy per remote snapshot, and knows the memory nodes from cluster membership. Its caches
/// (modules, restores, proxies) are bounded and drop idle entries (wasmactors.run-node).
/// </summary>
internal sealed partial class RunNodeActor : ReceiveActor, IWithTimers
{
    public const string Name = "run";
    public const string Path = "/user/" + Name;

    private readonly WasmActorsSettings _settings;
    private readonly RunNodeCounters _counters = new();
    private readonly Dictionary<string, Entry> _instances = new(StringComparer.Ordinal);
    private readonly ModuleStore _modules;
    private readonly BulkClients _bulk;
    private readonly RunSlotGate? _runSlots;
    private readonly GuestMemoryBudget _guestMemory;

    public RunNodeActor(WasmActorsSettings settings)
    {
        _settings = settings;
        _bulk = new BulkClients(settings, BulkPathSecurity.For(Context.System, settings.Bulk));
        _runSlots = settings.RunNode.RunSlots > 0 ? new RunSlotGate(settings.RunNode.RunSlots, settings.RunNode.TimeSlice) : null;
        _counters.RunSlots = _runSlots;
        _guestMemory = new GuestMemoryBudget(settings.RunNode.MaxGuestMemoryBytes);
        _modules = new ModuleStore(settings.RunNode.ModuleCache, settings.UploadTimeout);
        _batches = new(settings.RunNode.RestoreCache.MaxEntries, settings.RunNode.RestoreCache.MaxBytes, settings.RunNode.RestoreCache.IdleTimeout);
        _proxies = new(settings.RunNode.MemoryProxies.MaxEntries, settings.RunNode.MemoryProxies.MaxBytes, settings.RunNode.MemoryProxies.IdleTimeout);
        Receive<ModuleUploadPart>(m =>
        {
            var reply = _modules.Add(m, out var bytes, out var parts);
            if (m.Progress is { } progress && reply is not OperationFailed)
            {
                progress.Tell(new TransferProgress(m.RequestId, "module upload", bytes, m.TotalBytes, parts, m.Parts));
            }

            if (reply is not null)
            {
                Sender.Tell(reply);
            }
        });
        Receive<DeployProgram>(OnDeploy);
        Receive<PauseInstance>(m => ToInstance(m.InstanceId, m.RequestId, "pause", m));
        Receive<ResumeInstance>(m => ToInstance(m.InstanceId, m.RequestId, "resume", m));
        Receive<StopInstance>(m => ToInstance(m.InstanceId, m.RequestId, "stop", m));
        Receive<FollowInstance>(m => ToInstance(m.InstanceId, m.RequestId, "logs", m));
        Receive<TakeSnapshot>(m => Capture(m, m.InstanceId, m.LeavePaused, null, m.Progress));
        Receive<MigrateTo>(m => Capture(m, m.InstanceId, false, m, m.Progress));
        Receive<ForkFrom>(m => StartRestore(m, Sender, null, Stopwatch.GetTimestamp()));
        Receive<ContinueFrom>(m => StartRestore(new ForkFrom(m.RequestId, m.Snapshot, ContinueGranularity, ContinueMode, 1, m.Owner, Limits: m.Limits), Sender, m, Stopwatch.GetTimestamp()));
        Receive<PrepareContinue>(m => StartRestore(new ForkFrom(m.RequestId, m.Base, ContinueGranularity, ContinueMode, 1, null), Sender, null, Stopwatch.GetTimestamp(), prepareOnly: true));
        Receive<RestoreFinished>(OnRestored);
        Receive<ForkStartOverdue>(m => m.Tracker.ForceComplete());
        Receive<SweepCaches>(_ => Sweep());
        Receive<ListInstances>(m => Sender.Tell(new InstanceList(m.RequestId, _settings.NodeName, [.. _instances.Select(e => e.Value.Info(e.Key, _settings.NodeName)), .. RecentEndings()])));
        Receive<GetNodeStats>(m => Sender.Tell(Stats(m.RequestId)));
        Receive<InstanceReport>(m =>
        {
            if (_instances.TryGetValue(m.InstanceId, out var entry))
            {
                entry.State = m.State;
                entry.Ending = m.Ending;
                if (m.State != InstanceState.Starting && entry.Starts is { } starts)
                {
                    entry.Starts = null;
                    starts.Settle();
                }
            }
        });
        Receive<Terminated>(m => OnTerminated(m.ActorRef));
        ReceiveMembership();
        ReceiveEndedInstanceRequests();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(WasmActorsSettings settings) => Akka.Actor.Props.Create(() => new RunNodeActor(settings));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe<DeadLetter>(Self);
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.ReachableMember));
        Timers.StartPeriodicTimer("sweep", SweepCaches.Instance, _settings.RunNode.CacheSweepInterval);

        // A thread ready for the first restore and the first instance: making one takes milliseconds on a busy machine.
        EngineThreads.KeepParked(EngineThreads.Engine, _settings.InstanceThreadStackBytes, 1);
        EngineThreads.KeepParked(EngineThreads.Restore, _settings.InstanceThreadStackBytes, 1);
    }

    protected override void PostStop()
    {
        Cluster.Get(Context.System).Unsubscribe(Self);
        Context.System.EventStream.Unsubscribe(Self);
        _ = _bulk.DisposeAsync().AsTask();
        _runSlots?.Dispose();
    }

    private NodeStats Stats(long requestId) => new(
        requestId,
        _settings.NodeName,
        _settings.Roles.ToArray(),
        _instances.Count,
        _batches.Count,
        _counters.FaultRequests,
        0,
        _counters.BytesFetched,
        _counters.BulkBytesFetched,
        _counters.LateReplies,
        _counters.ForkStarts.Count,
        _counters.ForkStarts.Percentile(50),
        _counters.ForkStarts.Percentile(99))
    {
        CachedModules = _modules.Count,
        MemoryProxies = _proxies.Count,
        RunningInstances = _counters.RunningInstances,
        WaitingInstances = _counters.WaitingInstances,
    };

    private void OnDeploy(DeployProgram deploy)
    {
        if (!_modules.TryGet(deploy.ModuleId, out var wasm))
        {
            Sender.Tell(new OperationFailed(deploy.RequestId, "deploy", $"module {deploy.ModuleId} is not on {_settings.NodeName}: upload it first"));
            return;
        }

        var refusal = PreopenRules.Check(deploy.Preopens ?? [], _settings.RunNode.PreopenRoots, out var preopens);
        var limits = _settings.RunNode.Limits;
        refusal ??= Admit(1, deploy.Limits, out limits);
        if (refusal is not null)
        {
            Refuse(Sender, deploy.RequestId, "deploy", deploy.Name, refusal);
            return;
        }

        var id = Start(new FreshProgram(deploy.Name, wasm, deploy.Arguments, deploy.Environment, preopens, _settings.RunNode.EngineThreadNice), deploy.Owner, null, null, limits);
        Audit.Done(Context, "deploy", $"{deploy.Name} as {id}", Sender);
        Sender.Tell(new Deployed(deploy.RequestId, id, _settings.NodeName));
    }

    /// <summary>Answers a request with its refusal, and writes the audit line for it.</summary>
    private void Refuse(IActorRef requester, long requestId, string operation, string subject, string reason)
    {
        Audit.Refused(Context, operation, subject, requester, reason);
        requester.Tell(new OperationFailed(requestId, operation, reason));
    }

    /// <summary>
    /// Whether <paramref name="count"/> more instances may start here under <paramref name="asked"/> limits: null
    /// when they may (with the limits resolved over the node's defaults), else the refusal naming the limit. Asked
    /// before anything is allocated.
    /// </summary>
    private string? Admit(int count, ProgramLimits? asked, out InstanceLimits limits)
    {
        limits = _settings.RunNode.Limits.Resolve(asked, out var refusal);
        if (refusal is null && _instances.Count + count > _settings.RunNode.MaxInstances)
        {
            refusal = $"limit max-instances = {_settings.RunNode.MaxInstances}: {_settings.NodeName} has {_instances.Count} instances and this asks for {count} more";
        }

        if (refusal is null && _guestMemory.IsFull)
        {
            refusal = $"limit {_guestMemory.Describe()} on {_settings.NodeName}";
        }

        return refusal;
    }

    private string Start(InstanceProgram program, IActorRef owner, string? forkedFrom, string? proxySnapshot, InstanceLimits limits, ForkStartTracker.Ticket? starts = null)
    {
        var id = $"i-{Guid.NewGuid():N}"[..14];
        program.RunSlots = _runSlots;
        program.MaxOpenFiles = limits.OpenFiles;
        var guard = new InstanceGuard(limits, _guestMemory);
        var actor = Context.ActorOf(InstanceActorProducer.Props(id, _settings.NodeName, program, owner, _settings, guard), id);
        Context.Watch(actor);
        _instances[id] = new Entry(actor, program.Name, forkedFrom, proxySnapshot, guard) { Starts = starts };
        if (proxySnapshot is not null)
        {
            Use(proxySnapshot, +1);
        }

        return id;
    }

    private void OnTerminated(IActorRef actor)
    {
        // An instance's id is its actor's name.
        if (_instances.Remove(actor.Path.Name, out var entry))
        {
            RememberEnding(entry.Info(actor.Path.Name, _settings.NodeName) with { EndedAt = DateTime.UtcNow });
            // An instance that stopped before it reported does not hold its batch's reply.
            entry.Starts?.Settle();
            if (entry.ProxySnapshot is { } snapshot)
            {
                Use(snapshot, -1);
            }
        }

        ProxyStopped(actor);
    }

    private void ToInstance(string id, long requestId, string operation, object message)
    {
        if (_instances.TryGetValue(id, out var entry))
        {
            Audit.Done(Context, operation, id, Sender);
            entry.Actor.Forward(message);
        }
        else if (!TryAnswerEnded(id, message, Sender))
        {
            Sender.Tell(new OperationFailed(requestId, operation, $"no instance {id} on {_settings.NodeName}"));
        }
    }

    private void Capture(ICorrelatedMessage request, string id, bool leavePaused, MigrateTo? migration, IActorRef? progress)
    {
        var operation = migration is null ? "snapshot" : "migrate";
        if (!_instances.TryGetValue(id, out var entry))
        {
            if (TryAnswerEnded(id, request, Sender))
            {
                return;
            }

            Sender.Tell(new OperationFailed(request.RequestId, operation, $"no instance {id} on {_settings.NodeName}"));
            return;
        }

        if (MemoryNodeFor(request, operation) is not { } memory)
        {
            return;
        }

        var store = Context.ActorSelection(new RootActorPath(memory) / "user" / MemoryNode.SnapshotStoreActor.Name);
        if (progress is not null)
        {
            // The parts go through a relay that reports each one: the instance only knows a store to send them to.
            var relay = Context.ActorOf(UploadRelay.Props(store, progress, request.RequestId, _settings.UploadTimeout));
            store = Context.ActorSelection(relay.Path);
        }

        Audit.Done(Context, operation, id, Sender, migration is null ? $"to {memory}" : $"to {migration.TargetNode} through {memory}");
        entry.Actor.Tell(new CaptureRequest(request.RequestId, Sender, leavePaused, store, memory, migration));
    }

    private sealed class Entry(IActorRef actor, string name, string? forkedFrom, string? proxySnapshot, InstanceGuard guard)
    {
        public IActorRef Actor { get; } = actor;

        /// <summary>The snapshot whose memory proxy this instance faults through, if any.</summary>
        public string? ProxySnapshot { get; } = proxySnapshot;

        public InstanceState State { get; set; } = InstanceState.Starting;

        /// <summary>The fork batch waiting for this instance to leave its starting state, if any.</summary>
        public ForkStartTracker.Ticket? Starts { get; set; }

        /// <summary>How the program ended (<see cref="InstanceExited"/>, <see cref="InstanceTrapped"/>, <see cref="InstanceStopped"/>), once it has.</summary>
        public IWasmActorsMessage? Ending { get; set; }

        /// <summary>The row for `ls`: memory and faults read live from the running instance.</summary>
        public InstanceInfo Info(string id, string node)
        {
            var (memory, faults) = guard.Usage;
            return new InstanceInfo(id, name, node, State, memory, faults, forkedFrom)
            {
                ExitCode = (Ending as InstanceExited)?.ExitCode,
                Trap = (Ending as InstanceTrapped)?.Message,
                MovedTo = (Ending as InstanceStopped)?.MovedTo,
            };
        }
    }
}
