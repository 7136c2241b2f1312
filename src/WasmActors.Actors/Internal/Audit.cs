using Akka.Actor;
using Akka.Event;

namespace WasmActors.Actors.Internal;

/// <summary>
/// One Info line per operation that changes what runs or what is kept (deploy, fork, migrate, snapshot, stop, rm)
/// and per refusal: what, which instance or snapshot, and the address the request came from. Every line starts
/// with "audit:" so an operator can grep a node's log for them. See docs/security.md.
/// </summary>
internal static class Audit
{
    public const string Marker = "audit:";

    /// <summary>An operation a node carried out (or began) for <paramref name="requester"/>.</summary>
    public static void Done(IActorContext context, string operation, string subject, IActorRef requester, string? detail = null) =>
        context.GetLogger().Info("{0} {1} {2} from {3}{4}", Marker, operation, subject, From(requester), detail is null ? "" : $" ({detail})");

    /// <summary>A request a node refused, with the reason it gave.</summary>
    public static void Refused(IActorContext context, string operation, string subject, IActorRef requester, string reason) =>
        context.GetLogger().Info("{0} refused {1} {2} from {3}: {4}", Marker, operation, subject, From(requester), reason);

    /// <summary>The remote address of a requester, or "this node" for one in the same ActorSystem.</summary>
    private static string From(IActorRef requester) =>
        requester.Path.Address.HasGlobalScope ? requester.Path.Address.ToString() : "this node";
}
