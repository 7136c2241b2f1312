namespace WasmActors.Actors.Messages;

/// <summary>
/// Marker of every message that may cross the network. The serializer bound to it (see
/// <see cref="Serialization.MessageSerializer"/>) only deserialises types on its allow-list, so a message type
/// is public API: add new ones here, in this namespace, as immutable records.
/// </summary>
public interface IWasmActorsMessage;

/// <summary>A request that carries the id its replies repeat, so a late or duplicated reply can be told apart.</summary>
public interface ICorrelatedMessage : IWasmActorsMessage
{
    long RequestId { get; }
}
