using Akka.Actor;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// Answers requests for instances that have ended. An instance actor stops itself when its program ends, and a
/// request the run node forwarded a moment before (the program ended while it was on its way) lands in dead letters:
/// its asker would wait for the whole ask timeout, and a stop that raced a program's end would look like a hang.
/// The run node answers such requests from the dead letters with this, and requests for instances that ended a while
/// ago from a short memory of how they ended rather than with "no instance".
/// </summary>
internal sealed class EndedInstances
{
    private const int Remembered = 1024;
    private readonly Dictionary<string, InstanceInfo> _endings = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Requests an ended instance can still answer (as dead letters, or arriving after it ended).</summary>
    public static bool IsAnswerable(object message) => message is StopInstance or PauseInstance or ResumeInstance or FollowInstance or CaptureRequest;

    /// <summary>Remembers how an instance ended (its last row, with when).</summary>
    public void Remember(InstanceInfo ended)
    {
        if (!ended.State.HasEnded() || !_endings.TryAdd(ended.InstanceId, ended))
        {
            return;
        }

        _order.Enqueue(ended.InstanceId);
        if (_order.Count > Remembered)
        {
            _endings.Remove(_order.Dequeue());
        }
    }

    /// <summary>How the instance ended; Stopped for one this node does not remember (its actor is gone all the same).</summary>
    public InstanceState StateOf(string id) => _endings.GetValueOrDefault(id)?.State ?? InstanceState.Stopped;

    /// <summary>The instances that ended within <paramref name="retention"/>, for listings.</summary>
    public IEnumerable<InstanceInfo> Since(TimeSpan retention)
    {
        var since = DateTime.UtcNow - retention;
        return _endings.Values.Where(e => e.EndedAt >= since);
    }

    /// <summary>Answers a request for an instance that ended a while ago; false when this node does not remember it.</summary>
    public bool TryAnswer(string id, object message, IActorRef sender)
    {
        if (!_endings.TryGetValue(id, out var ended))
        {
            return false;
        }

        Answer(id, ended.State, message, sender);
        return true;
    }

    public static void Answer(string id, InstanceState state, object message, IActorRef sender)
    {
        var ended = state.ToString().ToLowerInvariant();
        switch (message)
        {
            case StopInstance stop:
                sender.Tell(new InstanceStateChanged(stop.RequestId, id, state));
                break;
            case PauseInstance pause:
                sender.Tell(new OperationFailed(pause.RequestId, "pause", $"instance {id} has {ended}"));
                break;
            case ResumeInstance resume:
                sender.Tell(new OperationFailed(resume.RequestId, "resume", $"instance {id} is not paused (it is {state})"));
                break;
            case TakeSnapshot snapshot:
                sender.Tell(new OperationFailed(snapshot.RequestId, "snapshot", $"instance {id} has {ended}"));
                break;
            case MigrateTo migrate:
                sender.Tell(new OperationFailed(migrate.RequestId, "migrate", $"instance {id} has {ended}"));
                break;
            case FollowInstance follow:
                sender.Tell(new OperationFailed(follow.RequestId, "logs", $"instance {id} has {ended}"));
                break;
            case CaptureRequest capture:
                capture.Requester.Tell(new OperationFailed(capture.RequestId, capture.Migration is null ? "snapshot" : "migrate", $"instance {id} has {ended}"));
                break;
        }
    }
}
