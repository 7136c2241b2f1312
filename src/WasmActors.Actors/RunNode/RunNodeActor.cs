using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// The run node (at <see cref="Path"/>): starts instances from binaries and from snapshots, routes requests to
/// them, keeps one memory proxy per remote snapshot, and knows the memory nodes from cluster membership.
/// </summary>
internal sealed class RunNodeActor : ReceiveActor
{
    public const string Name = "run";
    public const string Path = "/user/" + Name;

    private readonly WasmActorsSettings _settings;
    private readonly RunNodeCounters _counters = new();
    private readonly Dictionary<string, Entry> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _proxies = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, Snapshot.Restore.Granularity, Snapshot.Restore.CopyMode), ForkBatch> _batches = [];
    private readonly List<Address> _memoryNodes = [];
    private readonly ModuleStore _modules = new();
    private readonly BulkClients _bulk;
    private int _nextMemoryNode;

    public RunNodeActor(WasmActorsSettings settings)
    {
        _settings = settings;
        _bulk = new BulkClients(settings);
        Receive<ModuleUploadPart>(m =>
        {
            if (_modules.Add(m) is { } reply)
            {
                Sender.Tell(reply);
            }
        });
        Receive<DeployProgram>(OnDeploy);
        Receive<PauseInstance>(m => ToInstance(m.InstanceId, m.RequestId, "pause", m));
        Receive<ResumeInstance>(m => ToInstance(m.InstanceId, m.RequestId, "resume", m));
        Receive<StopInstance>(m => ToInstance(m.InstanceId, m.RequestId, "stop", m));
        Receive<TakeSnapshot>(m => Capture(m.InstanceId, m.RequestId, m.LeavePaused, null));
        Receive<MigrateTo>(m => Capture(m.InstanceId, m.RequestId, false, m));
        Receive<ForkFrom>(m => StartRestore(m, Sender, null));
        Receive<ContinueFrom>(m => StartRestore(new ForkFrom(m.RequestId, m.Snapshot, Snapshot.Restore.Granularity.Mixture, Snapshot.Restore.CopyMode.Cow, 1, m.Owner), Sender, m));
        Receive<RestoreDone>(OnRestored);
        Receive<ListInstances>(m => Sender.Tell(new InstanceList(m.RequestId, _settings.NodeName, _instances.Select(e => e.Value.Info(e.Key, _settings.NodeName)).ToArray())));
        Receive<GetNodeStats>(m => Sender.Tell(new NodeStats(
            m.RequestId, _settings.NodeName, _settings.Roles.ToArray(), _instances.Count, _batches.Count,
            _counters.FaultRequests, 0, _counters.BytesFetched, _counters.BulkBytesFetched, _counters.LateReplies)));
        Receive<InstanceReport>(m =>
        {
            if (_instances.TryGetValue(m.InstanceId, out var entry))
            {
                entry.State = m.State;
                entry.MemoryBytes = m.MemoryBytes;
                entry.Faults = m.Faults;
            }
        });
        Receive<Terminated>(m =>
        {
            foreach (var id in _instances.Where(e => e.Value.Actor.Equals(m.ActorRef)).Select(e => e.Key).ToArray())
            {
                _instances.Remove(id);
            }

            foreach (var id in _proxies.Where(e => e.Value.Equals(m.ActorRef)).Select(e => e.Key).ToArray())
            {
                _proxies.Remove(id);
            }
        });
        Receive<ClusterEvent.MemberUp>(m => AddMember(m.Member));
        Receive<ClusterEvent.CurrentClusterState>(m =>
        {
            foreach (var member in m.Members.Where(x => x.Status == MemberStatus.Up))
            {
                AddMember(member);
            }
        });
        Receive<ClusterEvent.IMemberEvent>(m =>
        {
            if (m is ClusterEvent.MemberRemoved or ClusterEvent.MemberExited or ClusterEvent.MemberLeft)
            {
                _memoryNodes.Remove(m.Member.Address);
            }
        });
        Receive<ClusterEvent.UnreachableMember>(m => _memoryNodes.Remove(m.Member.Address));
    }

    public static Props Props(WasmActorsSettings settings) => Akka.Actor.Props.Create(() => new RunNodeActor(settings));

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.UnreachableMember));

    protected override void PostStop()
    {
        Cluster.Get(Context.System).Unsubscribe(Self);
        _ = _bulk.DisposeAsync().AsTask();
    }

    private void AddMember(Member member)
    {
        if (member.HasRole("memory") && !_memoryNodes.Contains(member.Address))
        {
            _memoryNodes.Add(member.Address);
        }
    }

    private void OnDeploy(DeployProgram deploy)
    {
        if (!_modules.TryGet(deploy.ModuleId, out var wasm))
        {
            Sender.Tell(new OperationFailed(deploy.RequestId, "deploy", $"module {deploy.ModuleId} is not on {_settings.NodeName}: upload it first"));
            return;
        }

        var id = Start(new FreshProgram(deploy.Name, wasm, deploy.Arguments, deploy.Environment), deploy.Owner, null);
        Sender.Tell(new Deployed(deploy.RequestId, id, _settings.NodeName));
    }

    private string Start(InstanceProgram program, IActorRef owner, string? forkedFrom)
    {
        var id = $"i-{Guid.NewGuid():N}"[..14];
        var actor = Context.ActorOf(ModuleInstanceActor.Props(id, _settings.NodeName, program, owner, _settings), id);
        Context.Watch(actor);
        _instances[id] = new Entry(actor, program.Name, forkedFrom);
        return id;
    }

    private void ToInstance(string id, long requestId, string operation, object message)
    {
        if (_instances.TryGetValue(id, out var entry))
        {
            entry.Actor.Forward(message);
        }
        else
        {
            Sender.Tell(new OperationFailed(requestId, operation, $"no instance {id} on {_settings.NodeName}"));
        }
    }

    private void Capture(string id, long requestId, bool leavePaused, MigrateTo? migration)
    {
        var operation = migration is null ? "snapshot" : "migrate";
        if (!_instances.TryGetValue(id, out var entry))
        {
            Sender.Tell(new OperationFailed(requestId, operation, $"no instance {id} on {_settings.NodeName}"));
            return;
        }

        if (_memoryNodes.Count == 0)
        {
            Sender.Tell(new OperationFailed(requestId, operation, "no memory node is up in the cluster"));
            return;
        }

        var memory = _memoryNodes[_nextMemoryNode++ % _memoryNodes.Count];
        var store = Context.ActorSelection(new RootActorPath(memory) / "user" / MemoryNode.SnapshotStoreActor.Name);
        entry.Actor.Tell(new CaptureRequest(requestId, Sender, leavePaused, store, migration));
    }

    private void StartRestore(ForkFrom request, IActorRef requester, ContinueFrom? continuation)
    {
        if (request.Count < 1 || request.Count > _settings.MaxForkCount)
        {
            requester.Tell(new OperationFailed(request.RequestId, "fork", $"count {request.Count} is outside 1..{_settings.MaxForkCount}"));
            return;
        }

        var key = (request.Snapshot.SnapshotId, request.Granularity, request.Mode);
        if (continuation is null && _batches.TryGetValue(key, out var cached))
        {
            Self.Tell(new RestoreDone(request, requester, cached, null, 0, null));
            return;
        }

        var snapshot = request.Snapshot;
        Func<RegionLayout[], BulkPageFetcher>? bulk = snapshot.Bulk is not null && _bulk.Enabled
            ? layout => new BulkPageFetcher(snapshot, layout, _bulk, _counters, _settings.Bulk.RequestTimeout)
            : null;
        var source = new RemoteSnapshotSource(Proxy(snapshot), _settings.PageFaultTimeout, bulk);
        var self = Self;
        var thread = new Thread(
            () =>
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    var batch = ForkBatch.Restore(request.Snapshot.SnapshotId, source, request.Granularity, request.Mode);
                    self.Tell(new RestoreDone(request, requester, batch, null, clock.Elapsed.TotalMilliseconds, continuation));
                }
                catch (Exception e)
                {
                    self.Tell(new RestoreDone(request, requester, null, e.Message, clock.Elapsed.TotalMilliseconds, continuation));
                }
            },
            _settings.InstanceThreadStackBytes)
        { IsBackground = true, Name = $"restore {request.Snapshot.SnapshotId}" };
        thread.Start();
    }

    private void OnRestored(RestoreDone done)
    {
        var request = done.Request;
        if (done.Batch is not { } batch)
        {
            done.Requester.Tell(new OperationFailed(request.RequestId, done.Continuation is null ? "fork" : "migrate", $"restoring snapshot {request.Snapshot.SnapshotId} failed: {done.Error}"));
            return;
        }

        if (done.Continuation is null)
        {
            _batches[(request.Snapshot.SnapshotId, request.Granularity, request.Mode)] = batch;
        }

        var clock = Stopwatch.StartNew();
        var ids = new string[request.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Start(new ForkedProgram(batch), request.Owner ?? done.Requester, done.Continuation?.MovedFrom ?? request.Snapshot.SnapshotId);
        }

        var metrics = batch.Restored.Metrics;
        var cost = new ForkCost(
            request.Granularity,
            request.Mode,
            metrics.BytesBeforeFirstInstruction,
            metrics.Requests,
            done.Milliseconds,
            clock.Elapsed.TotalMicroseconds / ids.Length);
        done.Requester.Tell(new Forked(request.RequestId, request.Snapshot.SnapshotId, _settings.NodeName, ids, cost));
    }

    private IActorRef Proxy(SnapshotRef snapshot)
    {
        if (!_proxies.TryGetValue(snapshot.SnapshotId, out var proxy))
        {
            proxy = Context.ActorOf(MemoryProxyActor.Props(snapshot, _counters), $"proxy-{snapshot.SnapshotId}");
            Context.Watch(proxy);
            _proxies[snapshot.SnapshotId] = proxy;
        }

        return proxy;
    }

    private sealed class Entry(IActorRef actor, string name, string? forkedFrom)
    {
        public IActorRef Actor { get; } = actor;

        public InstanceState State { get; set; } = InstanceState.Starting;

        public long MemoryBytes { get; set; }

        public long Faults { get; set; }

        public InstanceInfo Info(string id, string node) => new(id, name, node, State, MemoryBytes, Faults, forkedFrom);
    }
}
