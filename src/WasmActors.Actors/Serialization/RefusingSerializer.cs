using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace WasmActors.Actors.Serialization;

/// <summary>
/// Takes the place of Akka's default <c>json</c> serializer (Newtonsoft with TypeNameHandling.All, which builds any
/// type a payload names) under its name and its id 1, so that neither a message of an unbound type nor a payload a
/// peer tags with id 1 turns into an object: only Akka's own protocol serializers and the allow-listed
/// <see cref="MessageSerializer"/> construct what crosses the network. See reference.conf and docs/security.md.
/// </summary>
internal sealed class RefusingSerializer : Serializer
{
    public RefusingSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <summary>Akka passes the json serializer's settings (akka.actor.serialization-settings.json) to whatever holds its name.</summary>
    public RefusingSerializer(ExtendedActorSystem system, Config settings)
        : base(system)
    {
        _ = settings;
    }

    /// <summary>Akka's id of the json serializer this one replaces.</summary>
    public const int Id = 1;

    public override int Identifier => Id;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) =>
        throw new SerializationException($"{obj.GetType().FullName} is not a WasmActors message (IWasmActorsMessage) nor an Akka " +
            "protocol message, so it may not cross the network: the json serializer is disabled on WasmActors nodes");

    public override object FromBinary(byte[] bytes, Type type) =>
        throw new SerializationException($"refused a {bytes.Length}-byte payload tagged for the json serializer (id {Id}, " +
            $"type {type?.FullName ?? "unnamed"}): WasmActors nodes construct only allow-listed message types");
}
