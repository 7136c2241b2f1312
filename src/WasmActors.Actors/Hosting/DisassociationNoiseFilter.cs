using Akka.Event;

namespace WasmActors.Actors.Hosting;

/// <summary>
/// Drops what Akka.Remote logs whenever a peer's connection ends — every time a command-line client leaves, so a
/// node's log filled with it for normal use: the ERROR "Disassociated" with its stack trace, and the INFO "Removing
/// receive buffers for [node]->[peer]" its reliable-delivery actor logs as it stops (unconditionally: no setting turns
/// it off, unlike akka.remote.log-remote-lifecycle-events). The WARNING that the association failed (and the address
/// is gated) still tells of a peer that went away; cluster membership and the failure detector report the rest.
/// </summary>
internal sealed class DisassociationNoiseFilter : LogFilterBase
{
    // Akka.Remote keeps both types internal: they are known by name.
    private const string Disassociated = "Akka.Remote.EndpointDisassociatedException";
    private const string ReliableDelivery = "Akka.Remote.ReliableDeliverySupervisor";
    private const string ReceiveBuffersRemoved = "Removing receive buffers for ";

    public override LogFilterType FilterType => LogFilterType.Content;

    public override LogFilterDecision ShouldKeepMessage(LogEvent content, string? expandedMessage = null) => content switch
    {
        Error { Cause: { } cause } when cause.GetType().FullName == Disassociated => LogFilterDecision.Drop,
        // The message alone (expandedMessage is the whole line, with level, time and source), for this one source only.
        Info { LogClass: { } source } when source.FullName == ReliableDelivery
            && (content.Message?.ToString() ?? "").StartsWith(ReceiveBuffersRemoved, StringComparison.Ordinal) => LogFilterDecision.Drop,
        _ => LogFilterDecision.Keep,
    };
}
