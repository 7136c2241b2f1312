using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>What an instance's state says about it, the same for the instance's actor and its run node.</summary>
internal static class InstanceStates
{
    /// <summary>Its program is over: exited, trapped or stopped; it runs no more and answers with how it ended.</summary>
    public static bool HasEnded(this InstanceState state) => state is InstanceState.Exited or InstanceState.Trapped or InstanceState.Stopped;
}
