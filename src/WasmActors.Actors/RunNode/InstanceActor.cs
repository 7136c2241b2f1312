using Akka.Actor;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Format;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// Owns one running instance (docs/architecture.md §2): its engine thread runs the program, and this actor turns requests
/// (pause, resume, stop, snapshot, migrate) into the thread's flag and commands. Output goes from the engine thread
/// straight to the owner, in order, numbered.
/// </summary>
internal sealed partial class InstanceActor : ReceiveActor, IWithTimers
{
    private readonly string _id;
    private readonly string _node;
    private readonly string _name;
    private readonly IActorRef _owner;
    private readonly WasmActorsSettings _settings;
    private readonly InstanceRunner _runner;
    private readonly InstanceGuard _guard;
    private readonly long _startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
    private readonly List<(IActorRef Requester, long RequestId)> _pauseWaiters = [];
    private readonly List<(IActorRef Requester, long RequestId)> _stopWaiters = [];
    private readonly InstanceSubscribers _subscribers = new();
    private InstanceState _state = InstanceState.Starting;
    private Capture? _capture;
    private long _nextRequestId;

    public InstanceActor(string id, string node, InstanceProgram program, IActorRef owner, WasmActorsSettings settings, InstanceGuard guard)
    {
        _guard = guard;
        _id = id;
        _node = node;
        _name = program.Name;
        _owner = owner;
        _settings = settings;
        _runner = new InstanceRunner(program, new Events(Self, owner, id, _subscribers), settings.InstanceThreadStackBytes, guard);
        Running();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private bool IsFinished => _state.HasEnded();

    protected override void PreStart()
    {
        _runner.Start();
        if (_guard.Limits.WallTime is { } wallTime)
        {
            Timers.StartSingleTimer(nameof(WallTimeReached), WallTimeReached.Instance, wallTime);
        }
    }

    /// <summary>What a migration hands the target of this program's limits: what is left of them now.</summary>
    private Messages.ProgramLimits RemainingLimits() => _runner.RemainingLimits(System.Diagnostics.Stopwatch.GetElapsedTime(_startedAt));

    protected override void PostStop()
    {
        LeaveGcWindow();
        if (!IsFinished)
        {
            _runner.Stop();
        }
    }

    private void Running()
    {
        Receive<RunnerStarted>(_ => SetState(InstanceState.Running));
        Receive<RunnerPaused>(_ => OnPaused());
        Receive<RunnerExited>(m => Finish(InstanceState.Exited, new InstanceExited(_id, m.ExitCode, _runner.Usage.Faults)));
        Receive<RunnerTrapped>(m => Finish(InstanceState.Trapped, new InstanceTrapped(_id, m.Message)));
        Receive<RunnerStopped>(_ => Finish(InstanceState.Stopped, new InstanceStopped(_id, _capture?.MovedTo)));

        Receive<PauseInstance>(m => OnPause(m));
        Receive<ResumeInstance>(m => OnResume(m));
        Receive<StopInstance>(m => OnStop(Sender, m.RequestId));
        Receive<FollowInstance>(m =>
        {
            _subscribers.Add(m.Subscriber);
            Context.Watch(m.Subscriber);
            Sender.Tell(new Following(m.RequestId, _id, _node));
        });
        Receive<Terminated>(t => _subscribers.Remove(t.ActorRef));
        Receive<WallTimeReached>(_ =>
        {
            if (!IsFinished)
            {
                _runner.Stop(_guard.WallTimeReason);
            }
        });
        CaptureReceives();
    }

    private void OnPause(PauseInstance request)
    {
        switch (_state)
        {
            case InstanceState.Paused:
                Sender.Tell(new InstanceStateChanged(request.RequestId, _id, _state));
                break;
            case InstanceState.Running or InstanceState.Starting:
                _pauseWaiters.Add((Sender, request.RequestId));
                _runner.RequestPause();
                break;
            default:
                Sender.Tell(new OperationFailed(request.RequestId, "pause", $"instance {_id} has {_state.ToString().ToLowerInvariant()}"));
                break;
        }
    }

    private void OnResume(ResumeInstance request)
    {
        if (_state != InstanceState.Paused || _capture is not null)
        {
            Sender.Tell(new OperationFailed(request.RequestId, "resume", _capture is not null ? $"instance {_id} is being captured" : $"instance {_id} is not paused (it is {_state})"));
            return;
        }

        _runner.Resume();
        SetState(InstanceState.Running);
        Sender.Tell(new InstanceStateChanged(request.RequestId, _id, _state));
    }

    private void OnStop(IActorRef requester, long requestId)
    {
        if (IsFinished)
        {
            requester.Tell(new InstanceStateChanged(requestId, _id, _state));
            return;
        }

        _stopWaiters.Add((requester, requestId));
        _runner.Stop();
    }

    private void OnPaused()
    {
        SetState(InstanceState.Paused);
        var askedByOwner = _pauseWaiters.Count > 0;
        foreach (var (requester, requestId) in _pauseWaiters)
        {
            requester.Tell(new InstanceStateChanged(requestId, _id, _state));
        }

        _pauseWaiters.Clear();
        OnPausedForCapture(askedByOwner);
    }

    private void Finish(InstanceState state, IWasmActorsMessage notice)
    {
        SetState(state, notice);
        _owner.Tell(notice);
        _subscribers.Tell(notice, Self);
        foreach (var (requester, requestId) in _pauseWaiters.Concat(_stopWaiters))
        {
            requester.Tell(new InstanceStateChanged(requestId, _id, _state));
        }

        _pauseWaiters.Clear();
        _stopWaiters.Clear();
        if (_capture is not null && _capture.MovedTo is null)
        {
            FailCapture($"the program {state.ToString().ToLowerInvariant()} before it could be captured");
        }

        Context.Stop(Self);
    }

    private void SetState(InstanceState state, IWasmActorsMessage? ending = null)
    {
        _state = state;
        Context.Parent.Tell(new InstanceReport(_id, state, ending));
    }

    private long NextRequestId() => ++_nextRequestId;

    /// <summary>Posts the engine thread's events to the actor (and output straight to the owner and the subscribers).</summary>
    private sealed class Events(IActorRef self, IActorRef owner, string id, InstanceSubscribers subscribers) : IRunnerEvents
    {
        public void Output(int fd, long sequence, byte[] data)
        {
            var output = new InstanceOutput(id, fd, sequence, data);
            owner.Tell(output, self);
            subscribers.Tell(output, self);
        }

        public void Started() => self.Tell(new RunnerStarted());

        public void Paused() => self.Tell(new RunnerPaused());

        public void Exited(int exitCode) => self.Tell(new RunnerExited(exitCode));

        public void Trapped(string message) => self.Tell(new RunnerTrapped(message));

        public void Stopped() => self.Tell(new RunnerStopped());
    }
}
