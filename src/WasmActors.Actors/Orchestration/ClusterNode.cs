using Akka.Actor;

namespace WasmActors.Actors.Orchestration;

/// <summary>A node the orchestrator found: its name, roles, address and the actor that serves its role.</summary>
public sealed record ClusterNode(string Name, IReadOnlyList<string> Roles, Address Address, IActorRef Actor);
