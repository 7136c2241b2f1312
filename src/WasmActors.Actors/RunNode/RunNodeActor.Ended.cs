using Akka.Actor;
using Akka.Event;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// Requests for instances that have just ended. An instance actor stops itself when its program ends, and a request
/// this node forwarded a moment before (the program ended while it was on its way) lands in dead letters: its asker
/// waited for the whole ask timeout, and a stop that raced a program's end looked like a hang. Such requests are
/// answered here from the dead letters, and requests for instances that ended a while ago are answered from a short
/// memory of how they ended rather than with "no instance".
/// </summary>
internal sealed partial class RunNodeActor
{
    private const int EndingsRemembered = 1024;
    private readonly Dictionary<string, InstanceInfo> _endings = new(StringComparer.Ordinal);
    private readonly Queue<string> _endingsOrder = new();

    private void ReceiveEndedInstanceRequests() =>
        Receive<DeadLetter>(letter =>
        {
            if (letter.Recipient.Path.Parent == Self.Path && letter.Message is StopInstance or PauseInstance or ResumeInstance or FollowInstance or CaptureRequest)
            {
                var id = letter.Recipient.Path.Name;
                var state = _instances.TryGetValue(id, out var entry) && entry.State.HasEnded() ? entry.State : _endings.GetValueOrDefault(id)?.State ?? InstanceState.Stopped;
                AnswerEnded(id, state, letter.Message, letter.Sender);
            }
        });

    private void RememberEnding(InstanceInfo ended)
    {
        if (!ended.State.HasEnded() || !_endings.TryAdd(ended.InstanceId, ended))
        {
            return;
        }

        _endingsOrder.Enqueue(ended.InstanceId);
        if (_endingsOrder.Count > EndingsRemembered)
        {
            _endings.Remove(_endingsOrder.Dequeue());
        }
    }

    /// <summary>The instances that ended within wasmactors.run-node.ended-retention, for listings.</summary>
    private IEnumerable<InstanceInfo> RecentEndings()
    {
        var since = DateTime.UtcNow - _settings.RunNode.EndedRetention;
        return _endings.Values.Where(e => e.EndedAt >= since);
    }

    /// <summary>Answers a request for an instance that ended a while ago; false when this node does not remember it.</summary>
    private bool TryAnswerEnded(string id, object message, IActorRef sender)
    {
        if (!_endings.TryGetValue(id, out var ended))
        {
            return false;
        }

        AnswerEnded(id, ended.State, message, sender);
        return true;
    }

    private static void AnswerEnded(string id, InstanceState state, object message, IActorRef sender)
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
