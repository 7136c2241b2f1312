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

    // One immutable reference, replaced whole: a command asks for run and memory nodes at once, from two threads.
    private Answered? _last;

    public async Task<IReadOnlyList<ClusterNode>> NodesAsync(string service)
    {
        // An answer listing no node of the service may predate it (a cluster still forming): that one is asked again.
        var answer = Fresh() is { } fresh && fresh.Nodes.Any(n => n.Service == service) ? fresh : await AskAsync(timeout);
        return answer.Nodes
            .Where(n => n.Service == service)
            .Select(n => new ClusterNode(n.Name, n.Roles, Address.Parse(n.Address), n.Actor))
            .ToArray();
    }

    /// <summary>
    /// Drops the answer kept for reuse, so that the next question asks a node again: for a search that found nothing
    /// among the nodes that answer listed, when a node that came since may hold what was sought. False: none was kept.
    /// </summary>
    public bool ForgetAnswer() => Interlocked.Exchange(ref _last, null) is not null;

    /// <summary>Whether the cluster still holds an earlier incarnation of a node at <paramref name="hostAndPort"/>; see <see cref="GetEarlierIncarnation"/>.</summary>
    public Task<EarlierIncarnation> EarlierIncarnationAsync(string hostAndPort, TimeSpan within) =>
        AskDirectoryActor<EarlierIncarnation>(id => new GetEarlierIncarnation(id, hostAndPort), within);

    /// <summary>The whole directory; an <see cref="AskTimeoutException"/> when no node answered in <paramref name="within"/>.</summary>
    public async Task<ClusterDirectory> AskAsync(TimeSpan within)
    {
        var answer = await AskDirectoryActor<ClusterDirectory>(id => new GetDirectory(id), within);
        Volatile.Write(ref _last, new Answered(answer, DateTime.UtcNow));
        return answer;
    }

    private ClusterDirectory? Fresh() => Volatile.Read(ref _last) is { } last && DateTime.UtcNow - last.At < Reuse ? last.Answer : null;

    /// <summary>Asks the directory actor of the node the ClusterClient is in contact with.</summary>
    private Task<T> AskDirectoryActor<T>(Func<long, object> question, TimeSpan within) =>
        clusterClient.Ask<T>(new ClusterClient.Send(ClusterDirectoryActor.Path, question(Interlocked.Increment(ref _nextRequestId)), localAffinity: true), within);

    private sealed record Answered(ClusterDirectory Answer, DateTime At);
}
