using Akka.Actor;
using Akka.Cluster;
using WasmActors.Actors.MemoryNode;
using WasmActors.Actors.Messages;
using WasmActors.Actors.RunNode;

namespace WasmActors.Actors.Orchestration;

/// <summary>
/// The nodes as a cluster member sees them: Up members with the service's role that it can reach (as the directory
/// answers clients), asked for their names.
/// </summary>
internal sealed class MembershipDirectory(ActorSystem system, TimeSpan timeout) : INodeDirectory
{
    public async Task<IReadOnlyList<ClusterNode>> NodesAsync(string service)
    {
        var path = service == "run" ? RunNodeActor.Path : SnapshotStoreActor.Path;
        var state = Cluster.Get(system).State;
        var members = state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(service) && !state.Unreachable.Contains(m)).ToArray();
        var nodes = await Task.WhenAll(members.Select(async member =>
        {
            try
            {
                var actor = await system.ActorSelection(member.Address + path).ResolveOne(timeout);
                var stats = await actor.Ask<NodeStats>(new GetNodeStats(0), timeout);
                return new ClusterNode(stats.Node, stats.Roles, member.Address, actor);
            }
            catch (Exception e) when (e is ActorNotFoundException or AskTimeoutException)
            {
                // A member that is leaving, or not started yet, is not offered.
                return null;
            }
        }));
        return nodes.OfType<ClusterNode>().OrderBy(n => n.Name, StringComparer.Ordinal).ToArray();
    }
}
