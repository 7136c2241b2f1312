using System.Reflection;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Actors.Serialization;

/// <summary>
/// The allow-list, derived from the message files: every message (an <see cref="IWasmActorsMessage"/> of the
/// message namespace, one file per protocol), every type of that namespace a message carries (found through their
/// public properties, e.g. <see cref="SnapshotRef"/>), arrays of them, and the few framework types that appear
/// inside them. Nothing else: not the namespace's helpers (<see cref="BlobAssembler"/>), never <see cref="object"/>.
/// </summary>
internal static class MessageTypes
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
            .Where(t => typeof(IWasmActorsMessage).IsAssignableFrom(t) && IsMessageNamespace(t) && !t.IsInterface && !t.IsAbstract);
        var listed = WithCarriedTypes(messages);
        var arrays = listed.Where(t => !t.IsEnum).Select(t => t.MakeArrayType());
        // Actor references travel as Akka's surrogates (e.g. ActorRefBase+Surrogate): data-only path holders.
        var akkaSurrogates = typeof(Akka.Actor.IActorRef).Assembly.GetTypes()
            .Where(t => typeof(Akka.Util.ISurrogate).IsAssignableFrom(t) && !t.IsInterface && !t.IsAbstract && t.Namespace == "Akka.Actor");
        return listed.Concat(arrays).Concat(Framework).Concat(akkaSurrogates).Distinct().ToArray();
    }

    /// <summary>The messages and, transitively, the types of the message namespace their public properties hold.</summary>
    private static List<Type> WithCarriedTypes(IEnumerable<Type> messages)
    {
        var found = new List<Type>();
        var pending = new Queue<Type>(messages);
        while (pending.TryDequeue(out var type))
        {
            if (found.Contains(type))
            {
                continue;
            }

            found.Add(type);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (Carried(property.PropertyType) is var carried && IsMessageNamespace(carried))
                {
                    pending.Enqueue(carried);
                }
            }
        }

        return found;
    }

    /// <summary>What a property holds, without the array or nullable around it.</summary>
    private static Type Carried(Type type) => type.IsArray ? Carried(type.GetElementType()!) : Nullable.GetUnderlyingType(type) ?? type;

    // Public or internal alike (most messages between nodes are internal): a top-level type of the message namespace.
    private static bool IsMessageNamespace(Type type) => !type.IsNested && type.Namespace == typeof(IWasmActorsMessage).Namespace;
}
