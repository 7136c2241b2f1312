namespace WasmActors.Actors.Orchestration;

/// <summary>A request was refused or failed; the message is the node's reason.</summary>
public sealed class OrchestratorException(string operation, string reason) : Exception($"{operation}: {reason}")
{
    public string Operation { get; } = operation;

    public string Reason { get; } = reason;
}
