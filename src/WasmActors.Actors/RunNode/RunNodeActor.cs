using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// The run node (at <see cref="Path"/>): takes the orchestrator's requests (docs/protocol.md) and hands each concern
/// to the part that owns it: its instances (<see cref="InstanceTable"/>, each a child <see cref="InstanceActor"/>),
/// forks and continuations (<see cref="ForkRequests"/>), the restore and proxy caches (<see cref="RestoreCaches"/>),
/// the memory nodes (a <see cref="MemoryNodeWatch"/> child) and the answers for instances that have ended
/// (<see cref="EndedInstances"/>). Its caches are bounded and drop idle entries (wasmactors.run-node).
/// </summary>
internal sealed class RunNodeActor : ReceiveActor, IWithTimers
{
    public const string Name = "run";
    public const string Path = "/user/" + Name;

    private readonly WasmActorsSettings _settings;
    private readonly RunNodeCounters _counters;
    private readonly ModuleStore _modules;
    private readonly BulkClients _bulk;
    private readonly RunSlotGate? _runSlots;
    private readonly InstanceTable _instances;
    private readonly RestoreCaches _caches;
    private readonly ForkRequests _forks;
    private readonly ModulePrefetcher _prefetcher;
    private readonly EndedInstances _ended = new();
    private IActorRef _memoryNodes = ActorRefs.Nobody;

    public RunNodeActor(WasmActorsSettings settings, RunNodeCounters counters, ModuleCache decodedModules)
    {
        _settings = settings;
        _counters = counters;
        _bulk = new BulkClients(settings, BulkPathSecurity.For(Context.System, settings.Bulk));
        _runSlots = settings.RunNode.RunSlots > 0 ? new RunSlotGate(settings.RunNode.RunSlots, settings.RunNode.TimeSlice) : null;
        _counters.RunSlots = _runSlots;
        _counters.DecodedModules = decodedModules;
        _modules = new ModuleStore(settings.RunNode.ModuleCache, settings.UploadTimeout);
        _instances = new InstanceTable(settings, _runSlots, _counters);
        _caches = new RestoreCaches(settings.RunNode, _counters, settings.HolderTimeout);
        _forks = new ForkRequests(settings, _counters, _bulk, new BulkFallbacks(Context.System.Log, _counters), _instances, _caches, decodedModules);
        _prefetcher = new ModulePrefetcher(settings, _bulk, _caches, decodedModules, _counters);
        Receive<ModuleUploadPart>(OnModulePart);
        Receive<DeployProgram>(OnDeploy);
        Receive<PauseInstance>(m => ToInstance(m.InstanceId, m.RequestId, "pause", m));
        Receive<ResumeInstance>(m => ToInstance(m.InstanceId, m.RequestId, "resume", m));
        Receive<StopInstance>(m => ToInstance(m.InstanceId, m.RequestId, "stop", m));
        Receive<FollowInstance>(m => ToInstance(m.InstanceId, m.RequestId, "logs", m));
        Receive<TakeSnapshot>(m => PickMemoryNode(m, m.InstanceId, "snapshot"));
        Receive<MigrateTo>(m => PickMemoryNode(m, m.InstanceId, "migrate"));
        Receive<MemoryNodePicked>(Capture);
        Receive<ForkFrom>(m => _forks.Fork(Context, m));
        Receive<ContinueFrom>(m => _forks.Continue(Context, m));
        Receive<PrepareContinue>(m => _forks.Prepare(Context, m));
        Receive<RestoreFinished>(m => _forks.OnRestored(Context, m));
        Receive<ForkStartOverdue>(m => m.Tracker.ForceComplete());
        Receive<SnapshotAnnounced>(m => _prefetcher.Announced(Context, m.Snapshot));
        Receive<HeldSnapshots>(m => _prefetcher.Held(Context, m));
        Receive<PrefetchEnded>(m => _prefetcher.Ended(Context, m));
        Receive<SubscribeAck>(_ => { });
        Receive<SweepCaches>(_ =>
        {
            var now = Stopwatch.GetTimestamp();
            _modules.Sweep(now);
            _caches.Sweep(Context, now);
        });
        Receive<ListInstances>(m => Sender.Tell(new InstanceList(m.RequestId, _settings.NodeName, [.. _instances.List(), .. _ended.Since(_settings.RunNode.EndedRetention)])));
        Receive<GetNodeStats>(m => Sender.Tell(Stats(m.RequestId)));
        Receive<InstanceReport>(_instances.Report);
        Receive<Terminated>(m => OnTerminated(m.ActorRef));
        Receive<DeadLetter>(letter =>
        {
            // A request forwarded to an instance that ended on its way: answered as the instance would have.
            if (letter.Recipient.Path.Parent == Self.Path && EndedInstances.IsAnswerable(letter.Message))
            {
                var id = letter.Recipient.Path.Name;
                var state = _instances.TryGet(id, out var entry) && entry.State.HasEnded() ? entry.State : _ended.StateOf(id);
                EndedInstances.Answer(id, state, letter.Message, letter.Sender);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(WasmActorsSettings settings, RunNodeCounters counters, ModuleCache decodedModules) => Akka.Actor.Props.Create(() => new RunNodeActor(settings, counters, decodedModules));

    /// <summary>Answers a request with its refusal, and writes the audit line for it.</summary>
    public static void Refuse(IActorContext context, IActorRef requester, long requestId, string operation, string subject, string reason)
    {
        Audit.Refused(context, operation, subject, requester, reason);
        requester.Tell(new OperationFailed(requestId, operation, reason));
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe<DeadLetter>(Self);
        _memoryNodes = Context.ActorOf(MemoryNodeWatch.Props(_settings.RunNode.MemoryNodeWait, _settings.RunNode.ModulePrefetch), MemoryNodeWatch.Name);
        Timers.StartPeriodicTimer("sweep", SweepCaches.Instance, _settings.RunNode.CacheSweepInterval);
        if (_settings.RunNode.ModulePrefetch)
        {
            DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(SnapshotAnnounced.Topic, Self));
        }

        if (_settings.RunNode.WarmUp)
        {
            var log = Context.GetLogger();
            NodeWarmUp.Start(_settings, (took, compiled, failure) =>
            {
                if (took is { } time)
                {
                    log.Info("warm-up done in {0:0} ms ({1} methods compiled ahead): first forks and migrations run compiled code", time.TotalMilliseconds, compiled);
                }
                else
                {
                    log.Warning("warm-up failed (the first fork will be slower): {0}", failure);
                }
            });
        }

        // A thread ready for the first restore and the first instance: making one takes milliseconds on a busy machine.
        EngineThreads.KeepParked(EngineThreads.Engine, _settings.InstanceThreadStackBytes, 1);
        EngineThreads.KeepParked(EngineThreads.Restore, _settings.InstanceThreadStackBytes, 1);
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _ = _bulk.DisposeAsync().AsTask();
        _runSlots?.Dispose();
    }

    private NodeStats Stats(long requestId) => new(
        requestId,
        _settings.NodeName,
        _settings.Roles.ToArray(),
        _instances.Count,
        _caches.Restores,
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
        MemoryProxies = _caches.Proxies,
        RunningInstances = _counters.RunningInstances,
        WaitingInstances = _counters.WaitingInstances,
        BulkFallbacks = _counters.BulkFallbacks,
    };

    private void OnModulePart(ModuleUploadPart part)
    {
        var reply = _modules.Add(part, out var bytes, out var parts);
        if (part.Progress is { } progress && reply is not OperationFailed)
        {
            progress.Tell(new TransferProgress(part.RequestId, "module upload", bytes, part.TotalBytes, parts, part.Parts));
        }

        if (reply is not null)
        {
            Sender.Tell(reply);
        }
    }

    private void OnDeploy(DeployProgram deploy)
    {
        if (!_modules.TryGet(deploy.ModuleId, out var wasm))
        {
            Sender.Tell(new OperationFailed(deploy.RequestId, "deploy", $"module {deploy.ModuleId} is not on {_settings.NodeName}: upload it first"));
            return;
        }

        var refusal = PreopenRules.Check(deploy.Preopens ?? [], _settings.RunNode.PreopenRoots, out var preopens);
        var limits = _settings.RunNode.Limits;
        refusal ??= _instances.Admit(1, deploy.Limits, out limits);
        if (refusal is not null)
        {
            Refuse(Context, Sender, deploy.RequestId, "deploy", deploy.Name, refusal);
            return;
        }

        var id = _instances.Start(Context, new FreshProgram(deploy.Name, wasm, deploy.Arguments, deploy.Environment, preopens, _settings.RunNode.EngineThreadNice), deploy.Owner, null, null, limits);
        Audit.Done(Context, "deploy", $"{deploy.Name} as {id}", Sender);
        Sender.Tell(new Deployed(deploy.RequestId, id, _settings.NodeName));
    }

    private void OnTerminated(IActorRef actor)
    {
        // An instance's id is its actor's name.
        if (_instances.Remove(actor.Path.Name, out var entry))
        {
            _ended.Remember(entry.Info(actor.Path.Name, _settings.NodeName) with { EndedAt = DateTime.UtcNow });
            // An instance that stopped before it reported does not hold its batch's reply.
            entry.Starts?.Settle();
            if (entry.ProxySnapshot is { } snapshot)
            {
                _caches.Use(snapshot, -1);
            }
        }

        _caches.ProxyStopped(actor);
    }

    private void ToInstance(string id, long requestId, string operation, object message)
    {
        if (_instances.TryGet(id, out var entry))
        {
            Audit.Done(Context, operation, id, Sender);
            entry.Actor.Forward(message);
        }
        else if (!_ended.TryAnswer(id, message, Sender))
        {
            Sender.Tell(new OperationFailed(requestId, operation, $"no instance {id} on {_settings.NodeName}"));
        }
    }

    /// <summary>A snapshot or migration first needs a memory node to store on; the watch picks one (or waits for one).</summary>
    private void PickMemoryNode(ICorrelatedMessage request, string id, string operation)
    {
        if (KnowsInstance(request, id, operation))
        {
            _memoryNodes.Tell(new PickMemoryNode(request, operation, Sender));
        }
    }

    private void Capture(MemoryNodePicked picked)
    {
        var migration = picked.Request as MigrateTo;
        var snapshot = picked.Request as TakeSnapshot;
        var id = migration?.InstanceId ?? snapshot!.InstanceId;
        var progress = migration is null ? snapshot!.Progress : migration.Progress;
        var operation = migration is null ? "snapshot" : "migrate";
        var requester = picked.Requester;
        if (!_instances.TryGet(id, out var entry))
        {
            // It ended while the memory node was picked.
            if (!_ended.TryAnswer(id, picked.Request, requester))
            {
                requester.Tell(new OperationFailed(picked.Request.RequestId, operation, $"no instance {id} on {_settings.NodeName}"));
            }

            return;
        }

        var memory = picked.MemoryNode;
        var store = Context.ActorSelection(new RootActorPath(memory) / "user" / MemoryNode.SnapshotStoreActor.Name);
        if (progress is not null)
        {
            // The parts go through a relay that reports each one: the instance only knows a store to send them to.
            var relay = Context.ActorOf(UploadRelay.Props(store, progress, picked.Request.RequestId, _settings.UploadTimeout));
            store = Context.ActorSelection(relay.Path);
        }

        Audit.Done(Context, operation, id, requester, migration is null ? $"to {memory}" : $"to {migration.TargetNode} through {memory}");
        entry.Actor.Tell(new CaptureRequest(picked.Request.RequestId, requester, snapshot?.LeavePaused ?? false, store, memory, migration));
    }

    /// <summary>Whether the instance runs here; if not, the request is answered (how it ended, or "no instance").</summary>
    private bool KnowsInstance(ICorrelatedMessage request, string id, string operation)
    {
        if (_instances.TryGet(id, out _))
        {
            return true;
        }

        if (!_ended.TryAnswer(id, request, Sender))
        {
            Sender.Tell(new OperationFailed(request.RequestId, operation, $"no instance {id} on {_settings.NodeName}"));
        }

        return false;
    }
}
