using Akka.Actor;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// Who follows an instance's output besides its owner (<c>wasmactors logs</c>): changed by the instance actor, read by
/// the engine thread at every write. Only the actor writes, so the array is replaced whole and never changed under a reader.
/// </summary>
internal sealed class InstanceSubscribers
{
    private IActorRef[] _subscribers = [];

    public void Add(IActorRef subscriber)
    {
        var now = Volatile.Read(ref _subscribers);
        if (!now.Contains(subscriber))
        {
            Volatile.Write(ref _subscribers, [.. now, subscriber]);
        }
    }

    public void Remove(IActorRef subscriber) => Volatile.Write(ref _subscribers, [.. Volatile.Read(ref _subscribers).Where(s => !s.Equals(subscriber))]);

    public void Tell(object message, IActorRef sender)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Tell(message, sender);
        }
    }
}
