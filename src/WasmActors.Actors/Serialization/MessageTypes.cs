using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Actors.Serialization;

/// <summary>
/// The allow-list: every concrete type of the message namespace, the library enums the messages carry, and the few
/// framework types that appear inside them. Nothing else — in particular never <see cref="object"/>.
/// </summary>
public static class MessageTypes
{
    /// <summary>Framework types that may appear inside a message (actor references travel as Akka's surrogate).</summary>
    private static readonly Type[] Framework =
    [
        typeof(string),
        typeof(byte[]),
        typeof(string[]),
        typeof(int[]),
        typeof(long[]),
        typeof(Granularity),
        typeof(CopyMode),
    ];

    public static IReadOnlyList<Type> All { get; } = Discover();

    private static Type[] Discover()
    {
        var messages = typeof(IWasmActorsMessage).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(IWasmActorsMessage).Namespace && !t.IsInterface && !t.IsAbstract && t.IsPublic)
            .ToList();
        var arrays = messages.Where(t => !t.IsEnum).Select(t => t.MakeArrayType());
        // Actor references travel as Akka's surrogates (e.g. ActorRefBase+Surrogate): data-only path holders.
        var akkaSurrogates = typeof(Akka.Actor.IActorRef).Assembly.GetTypes()
            .Where(t => typeof(Akka.Util.ISurrogate).IsAssignableFrom(t) && !t.IsInterface && !t.IsAbstract && t.Namespace == "Akka.Actor");
        return messages.Concat(arrays).Concat(Framework).Concat(akkaSurrogates).Distinct().ToArray();
    }
}
