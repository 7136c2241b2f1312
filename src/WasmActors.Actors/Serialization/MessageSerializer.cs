using Akka.Actor;
using Akka.Serialization;

namespace WasmActors.Actors.Serialization;

/// <summary>
/// Hyperion bound to <see cref="Messages.IWasmActorsMessage"/> (see reference.conf), with unsafe types refused and a
/// strict allow-list of the types that may be named in a payload: a message of any other type from the network is
/// refused with an exception (Akka.Remote then drops it and logs the error) instead of being instantiated.
/// </summary>
public sealed class MessageSerializer : HyperionSerializer
{
    public MessageSerializer(ExtendedActorSystem system)
        : base(system, CreateSettings())
    {
    }

    /// <summary>The serializer id in the cluster; also set in reference.conf under serialization-identifiers.</summary>
    public const int Id = 4711;

    public override int Identifier => Id;

    private static HyperionSerializerSettings CreateSettings()
    {
        var defaults = HyperionSerializerSettings.Default;
        return new HyperionSerializerSettings(
            preserveObjectReferences: false,
            versionTolerance: false,
            knownTypesProvider: defaults.KnownTypesProvider,
            packageNameOverrides: defaults.PackageNameOverrides,
            surrogates: defaults.Surrogates,
            disallowUnsafeType: true,
            typeFilter: new AllowListTypeFilter(MessageTypes.All));
    }
}
