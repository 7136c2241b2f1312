using Akka.Actor;
using Akka.Cluster;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.Hosting;

/// <summary>
/// A member's answer to a node about to start on an address the cluster may still hold an earlier incarnation of
/// (ADR-014). The new incarnation must not listen before every member has dropped the old one: a member that reaches
/// the new process while it still counts the old one later quarantines the old one's address, which cuts the link to
/// the new one too, and the two mark each other unreachable until the split-brain resolver downs both. Only a node
/// that found nothing listening on the address asks, so a member there is an incarnation that died.
/// </summary>
internal static class EarlierIncarnations
{
    /// <summary>What names an incarnation's address in the question: host and port, whatever the protocol and system.</summary>
    public static string HostAndPort(Address address) => $"{address.Host}:{address.Port}";

    /// <param name="removedRecently">Whether a member at the asked address was removed lately (the directory keeps those).</param>
    public static EarlierIncarnation Answer(Cluster cluster, GetEarlierIncarnation asked, bool removedRecently)
    {
        var state = cluster.State;
        var earlier = state.Members.FirstOrDefault(m => HostAndPort(m.Address) == asked.HostAndPort);
        if (earlier is not null)
        {
            // The asker found the address free, so this member's process is gone even while the failure detector
            // still counts it reachable; once it is unreachable it is downed, as Akka would on the new incarnation's join.
            var unreachable = state.Unreachable.Contains(earlier);
            if (unreachable && earlier.Status != MemberStatus.Down)
            {
                cluster.Down(earlier.Address);
            }

            return new EarlierIncarnation(asked.RequestId, true, $"{earlier.Status}, {(unreachable ? "unreachable" : "not yet found unreachable")}");
        }

        if (!removedRecently)
        {
            return new EarlierIncarnation(asked.RequestId, false, "not a member");
        }

        // Removed here; the members that have not seen the latest membership may still count it.
        var unseen = state.Members.Count(m => m.Status == MemberStatus.Up && !state.Unreachable.Contains(m) && !state.SeenBy.Contains(m.Address));
        return unseen == 0
            ? new EarlierIncarnation(asked.RequestId, false, "removed")
            : new EarlierIncarnation(asked.RequestId, true, $"removed, not yet seen by {unseen} member(s)");
    }
}
