using Akka.Actor;

namespace WasmActors.Actors.Messages;

// Client ↔ cluster, for clients that are not members (ADR-018): a client reaches any node's directory through the
// ClusterClientReceptionist, then talks to the run and memory nodes it lists directly.
// Replies: GetDirectory → ClusterDirectory; FollowInstance (to the run node holding the instance) → Following or
// OperationFailed, then the instance's InstanceOutput and its ending to the subscriber.

/// <summary>Asks a node's directory which run and memory nodes are Up. Reply: <see cref="ClusterDirectory"/>.</summary>
internal sealed record GetDirectory(long RequestId) : ICorrelatedMessage;

/// <summary>
/// One service of one node: <paramref name="Service"/> is "run" (the run node actor) or "memory" (the snapshot
/// store), <paramref name="Address"/> the node's Akka address and <paramref name="Actor"/> the service's actor.
/// </summary>
internal sealed record DirectoryEntry(string Name, string Service, string[] Roles, string Address, IActorRef Actor);

internal sealed record ClusterDirectory(long RequestId, DirectoryEntry[] Nodes) : ICorrelatedMessage;

/// <summary>
/// Asked by a node about to start on <paramref name="HostAndPort"/>, which found nothing listening there: does the
/// cluster still count an earlier incarnation at that address? One it cannot reach is downed, as Akka would on the
/// new incarnation's join.
/// Reply: <see cref="EarlierIncarnation"/>.
/// </summary>
internal sealed record GetEarlierIncarnation(long RequestId, string HostAndPort) : ICorrelatedMessage;

/// <summary>
/// <paramref name="Waiting"/>: the starting node should not listen yet, because an earlier incarnation is still a
/// member (<paramref name="State"/> says how, e.g. "Down, unreachable") or its removal has not reached every member.
/// </summary>
internal sealed record EarlierIncarnation(long RequestId, bool Waiting, string State) : ICorrelatedMessage;

/// <summary>
/// Subscribes <paramref name="Subscriber"/> to an instance's output from now on (<see cref="InstanceOutput"/>, as its
/// owner gets it) and to its ending (<see cref="InstanceExited"/>, <see cref="InstanceTrapped"/> or
/// <see cref="InstanceStopped"/>, whose MovedTo names the instance a migration goes on with). Sent to the run node
/// holding the instance; for one that has ended, <see cref="OperationFailed"/> says how. Reply: <see cref="Following"/>.
/// </summary>
internal sealed record FollowInstance(long RequestId, string InstanceId, IActorRef Subscriber) : ICorrelatedMessage;

public sealed record Following(long RequestId, string InstanceId, string Node) : ICorrelatedMessage;
