namespace WasmActors.Actors.Messages;

/// <summary>
/// Marker of every message that may cross the network. The serializer bound to it (see
/// <see cref="Serialization.MessageSerializer"/>) only deserialises types on its allow-list, so a message type
/// is public API: add new ones to this namespace as immutable records, in the file of their protocol (one file per
/// protocol, its requests and replies listed at the top). The allow-list (<see cref="Serialization.MessageTypes"/>)
/// takes every message of this namespace and the types of this namespace they carry, with no list to edit.
/// </summary>
public interface IWasmActorsMessage;

/// <summary>A request that carries the id its replies repeat, so a late or duplicated reply can be told apart.</summary>
internal interface ICorrelatedMessage : IWasmActorsMessage
{
    long RequestId { get; }
}
