namespace WasmActors.Actors.Orchestration;

/// <summary>
/// Where an <see cref="OrchestratorClient"/> learns which nodes are Up: a member reads cluster membership
/// (<see cref="MembershipDirectory"/>), a client that is not a member asks a node (<see cref="ReceptionistDirectory"/>).
/// </summary>
public interface INodeDirectory
{
    /// <summary>The Up nodes offering <paramref name="service"/> ("run" or "memory"), by name.</summary>
    Task<IReadOnlyList<ClusterNode>> NodesAsync(string service);
}
