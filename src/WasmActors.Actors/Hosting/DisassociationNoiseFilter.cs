using Akka.Event;

namespace WasmActors.Actors.Hosting;

/// <summary>
/// Drops Akka.Remote's ERROR "Disassociated" with its stack trace, which a node logs whenever a peer's connection
/// ends — every time a command-line client leaves, so a node's log filled with errors for normal use. The WARNING
/// that the association failed (and the address is gated) still tells of a peer that went away; cluster membership
/// and the failure detector report the rest.
/// </summary>
internal sealed class DisassociationNoiseFilter : LogFilterBase
{
    // Akka.Remote keeps the exception type internal: it is known by name.
    private const string Disassociated = "Akka.Remote.EndpointDisassociatedException";

    public override LogFilterType FilterType => LogFilterType.Content;

    public override LogFilterDecision ShouldKeepMessage(LogEvent content, string? expandedMessage = null) =>
        content is Error { Cause: { } cause } && cause.GetType().FullName == Disassociated ? LogFilterDecision.Drop : LogFilterDecision.Keep;
}
