using Akka.Actor;
using Akka.DistributedData;

namespace WasmActors.Actors.Internal;

/// <summary>
/// Which memory nodes hold which snapshot, known cluster-wide through Akka.DistributedData: an observed-remove
/// multi-map of snapshot id → holder addresses (docs/adr-022-snapshot-replication.md). A memory node adds itself
/// once a snapshot is durably stored there and removes itself when it drops one; survivors remove a holder that
/// left the cluster. Run nodes read it to find another holder when one stops answering.
/// </summary>
internal static class HolderMap
{
    public static ORMultiValueDictionaryKey<string, string> Key { get; } = new("wasmactors-snapshot-holders");

    public static IActorRef Replicator(ActorSystem system) => DistributedData.Get(system).Replicator;

    /// <summary>The holders of <paramref name="snapshotId"/>, ordered by address (every node sees the same order).</summary>
    public static Address[] HoldersOf(ORMultiValueDictionary<string, string>? map, string snapshotId) =>
        map is not null && map.TryGetValue(snapshotId, out var holders)
            ? holders.Order(StringComparer.Ordinal).Select(Address.Parse).ToArray()
            : [];

    /// <summary>Records <paramref name="holder"/> as holding <paramref name="snapshotId"/>.</summary>
    public static Update Add(Akka.Cluster.Cluster cluster, string snapshotId, Address holder, IWriteConsistency consistency, object? request = null) =>
        Dsl.Update(Key, ORMultiValueDictionary<string, string>.Empty, consistency, request, map => map.AddItem(cluster, snapshotId, holder.ToString()));

    /// <summary>Removes <paramref name="holder"/> from the holders of each snapshot in <paramref name="snapshotIds"/> (or of every snapshot, when null).</summary>
    public static Update Remove(Akka.Cluster.Cluster cluster, Address holder, IReadOnlyCollection<string>? snapshotIds) =>
        Dsl.Update(Key, ORMultiValueDictionary<string, string>.Empty, Dsl.WriteLocal, null, map =>
        {
            var text = holder.ToString();
            foreach (var id in (snapshotIds ?? map.Keys.ToArray()).Where(id => map.TryGetValue(id, out var holders) && holders.Contains(text)))
            {
                map = map.RemoveItem(cluster, id, text);
            }

            return map;
        });
}
