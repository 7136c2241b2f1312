using Akka.Actor;

namespace WasmActors.Actors.Messages;

// Client ↔ cluster, for clients that are not members (ADR-018): a client reaches any node's directory through the
// ClusterClientReceptionist, then talks to the run and memory nodes it lists directly.
// Replies: GetDirectory → ClusterDirectory.

/// <summary>Asks a node's directory which run and memory nodes are Up. Reply: <see cref="ClusterDirectory"/>.</summary>
public sealed record GetDirectory(long RequestId) : ICorrelatedMessage;

/// <summary>
/// One service of one node: <paramref name="Service"/> is "run" (the run node actor) or "memory" (the snapshot
/// store), <paramref name="Address"/> the node's Akka address and <paramref name="Actor"/> the service's actor.
/// </summary>
public sealed record DirectoryEntry(string Name, string Service, string[] Roles, string Address, IActorRef Actor);

public sealed record ClusterDirectory(long RequestId, DirectoryEntry[] Nodes) : ICorrelatedMessage;
