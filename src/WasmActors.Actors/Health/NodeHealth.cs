using Akka.Actor;
using Akka.Cluster;

namespace WasmActors.Actors.Health;

/// <summary>
/// Whether a node is alive and ready, decided in one place for the health endpoint and for health checks an
/// application registers: alive while its ActorSystem runs; ready when it is Up in the cluster and, for a run node,
/// a memory node is Up and reachable (a run node without one can run programs but cannot snapshot, fork or migrate).
/// </summary>
public static class NodeHealth
{
    public static (bool Healthy, string Reason) Live(ActorSystem system) =>
        system.WhenTerminated.IsCompleted ? (false, "the actor system has terminated") : (true, "the actor system runs");

    public static (bool Healthy, string Reason) Ready(ActorSystem system)
    {
        if (system.WhenTerminated.IsCompleted)
        {
            return (false, "the actor system has terminated");
        }

        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var self = cluster.SelfMember;
        if (self.Status != MemberStatus.Up)
        {
            return (false, $"this node is {self.Status} in the cluster, not Up");
        }

        if (self.HasRole("run"))
        {
            var memory = state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole("memory")).ToArray();
            if (memory.Length == 0)
            {
                return (false, "no memory node is up");
            }

            if (memory.All(state.Unreachable.Contains))
            {
                return (false, "no memory node is reachable");
            }
        }

        return (true, $"up with {state.Members.Count(m => m.Status == MemberStatus.Up)} members");
    }
}
