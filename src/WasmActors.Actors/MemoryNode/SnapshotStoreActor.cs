using Akka.Actor;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.MemoryNode;

/// <summary>
/// The memory node's registry (at <see cref="Path"/>): one <see cref="SnapshotActor"/> per snapshot, created by the
/// first part of its upload; finds snapshots by id for the orchestrator, and (through <see cref="StoredLineage"/>)
/// the parent an uploaded delta names.
/// </summary>
internal sealed class SnapshotStoreActor : ReceiveActor
{
    public const string Name = "snapshots";
    public const string Path = "/user/" + Name;

    private readonly Dictionary<string, (SnapshotInfo Info, SnapshotRef Ref)> _ready = new(StringComparer.Ordinal);
    private readonly StoredLineage _lineage = new();

    public SnapshotStoreActor(WasmActorsSettings settings, MemoryNodeCounters counters, BulkEndpoint? bulk, Action<SnapshotRef, Snapshot.Snapshot, RegionLayout[]>? onStored)
    {
        Receive<SnapshotUploadPart>(part =>
        {
            if (!IsValidId(part.SnapshotId))
            {
                Sender.Tell(new OperationFailed(part.RequestId, "snapshot", $"\"{part.SnapshotId}\" is not a valid snapshot id"));
                return;
            }

            var child = Context.Child(part.SnapshotId);
            if (child.IsNobody())
            {
                child = Context.ActorOf(SnapshotActor.Props(part.SnapshotId, settings, counters, bulk, onStored, _lineage), part.SnapshotId);
                Context.Watch(child);
            }

            child.Forward(part);
        });
        Receive<SnapshotReady>(m => _ready[m.Info.SnapshotId] = (m.Info, m.Ref));
        Receive<LocateSnapshot>(m => Sender.Tell(_ready.TryGetValue(m.SnapshotId, out var entry)
            ? new SnapshotLocated(m.RequestId, entry.Ref)
            : new OperationFailed(m.RequestId, "locate", $"no snapshot {m.SnapshotId} on {settings.NodeName}")));
        Receive<ListSnapshots>(m => Sender.Tell(new SnapshotList(m.RequestId, settings.NodeName, _ready.Values.Select(e => e.Info).ToArray())));
        Receive<GetNodeStats>(m => Sender.Tell(new NodeStats(
            m.RequestId, settings.NodeName, settings.Roles.ToArray(), 0, _ready.Count, counters.Requests, counters.Chunks, counters.Bytes, counters.BulkBytes, 0)));
        Receive<Terminated>(m =>
        {
            _ready.Remove(m.ActorRef.Path.Name);
            _lineage.Remove(m.ActorRef.Path.Name);
        });
    }

    public static Props Props(WasmActorsSettings settings, MemoryNodeCounters counters, BulkEndpoint? bulk, Action<SnapshotRef, Snapshot.Snapshot, RegionLayout[]>? onStored) =>
        Akka.Actor.Props.Create(() => new SnapshotStoreActor(settings, counters, bulk, onStored));

    private static bool IsValidId(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
