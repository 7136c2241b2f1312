using Akka.Actor;
using Akka.Cluster.Tools.Client;
using WasmActors.Actors.Hosting;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.Orchestration;

/// <summary>
/// The nodes as a client that is not a member learns them (ADR-018): one question, through its ClusterClient, to the
/// directory of whichever node's receptionist it is in contact with.
/// </summary>
internal sealed class ReceptionistDirectory(IActorRef clusterClient, TimeSpan timeout) : INodeDirectory
{
    /// <summary>
    /// How long an answer serves the questions after it. A command asks for the nodes at contact and again for each
    /// kind it talks to (ls: run nodes, then memory nodes), all within a second; each question is a round trip
    /// through the seed. A longer session (logs, a migration's end) asks again.
    /// </summary>
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(2);

    private long _nextRequestId;
    private (ClusterDirectory Answer, DateTime At)? _last;

    public async Task<IReadOnlyList<ClusterNode>> NodesAsync(string service) =>
        (Fresh() ?? await AskAsync(timeout)).Nodes
            .Where(n => n.Service == service)
            .Select(n => new ClusterNode(n.Name, n.Roles, Address.Parse(n.Address), n.Actor))
            .ToArray();

    /// <summary>Whether the cluster still holds an earlier incarnation of a node at <paramref name="hostAndPort"/>; see <see cref="GetEarlierIncarnation"/>.</summary>
    public Task<EarlierIncarnation> EarlierIncarnationAsync(string hostAndPort, TimeSpan within) =>
        clusterClient.Ask<EarlierIncarnation>(new ClusterClient.Send(ClusterDirectoryActor.Path, new GetEarlierIncarnation(Interlocked.Increment(ref _nextRequestId), hostAndPort), localAffinity: true), within);

    /// <summary>The whole directory; an <see cref="AskTimeoutException"/> when no node answered in <paramref name="within"/>.</summary>
    public async Task<ClusterDirectory> AskAsync(TimeSpan within)
    {
        var answer = await clusterClient.Ask<ClusterDirectory>(new ClusterClient.Send(ClusterDirectoryActor.Path, new GetDirectory(Interlocked.Increment(ref _nextRequestId)), localAffinity: true), within);
        _last = (answer, DateTime.UtcNow);
        return answer;
    }

    private ClusterDirectory? Fresh() => _last is { } last && DateTime.UtcNow - last.At < Reuse ? last.Answer : null;
}
