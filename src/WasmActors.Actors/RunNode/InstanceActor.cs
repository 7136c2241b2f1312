using Akka.Actor;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// Owns one running instance (docs/architecture.md §2): its engine thread runs the program, and this actor turns requests
/// (pause, resume, stop) into the thread's flag and commands. Output goes from the engine thread straight to the owner,
/// in order, numbered. A snapshot or migration runs in a child of its own (<see cref="CaptureActor"/>, one at a time),
/// which asks this actor to pause the program when it needs it paused and ends by telling how it went.
/// </summary>
internal sealed class InstanceActor : ReceiveActor, IWithTimers
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
    private CaptureInProgress? _capture;
    private long _captures;

    /// <summary>The capture waits for a pause this actor asked the engine thread for.</summary>
    private bool _captureAwaitsPause;

    /// <summary>A capture asked for a pause and failed before it came: nobody wants the program paused.</summary>
    private bool _resumeWhenPaused;

    /// <summary>What the next capture on the same memory node may be a delta of: the last round stored there.</summary>
    private BaselineChanged? _baseline;

    /// <summary>The program continues there after a migration: this instance only waits for its engine thread to stop.</summary>
    private string? _movedTo;

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

    /// <summary>A capture runs, or the program has moved: neither another capture nor a resume may start.</summary>
    private bool IsCaptured => _capture is not null || _movedTo is not null;

    protected override void PreStart()
    {
        _runner.Start();
        if (_guard.Limits.WallTime is { } wallTime)
        {
            Timers.StartSingleTimer(nameof(WallTimeReached), WallTimeReached.Instance, wallTime);
        }
    }

    protected override void PostStop()
    {
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
        Receive<RunnerStopped>(_ => Finish(InstanceState.Stopped, new InstanceStopped(_id, _movedTo)));

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
        Receive<CaptureRequest>(OnCaptureRequest);
        Receive<PauseProgram>(_ => OnPauseForCapture());
        Receive<PauseAndFreeze>(OnPauseAndFreeze);
        Receive<BaselineChanged>(m => _baseline = m.Baseline is null ? null : m);
        Receive<CaptureSucceeded>(m =>
        {
            var request = EndCapture();
            request.Requester.Tell(m.Reply);
            if (m.MovedTo is not null)
            {
                _movedTo = m.MovedTo;
                _runner.Stop();
            }
        });
        Receive<CaptureFailed>(m => FailCapture(m.Reason));
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
        if (_state != InstanceState.Paused || IsCaptured)
        {
            Sender.Tell(new OperationFailed(request.RequestId, "resume", IsCaptured ? $"instance {_id} is being captured" : $"instance {_id} is not paused (it is {_state})"));
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
        if (_captureAwaitsPause)
        {
            _captureAwaitsPause = false;
            _capture!.Worker.Tell(new ProgramPaused(_runner.PausedAt));
        }
        else if (_resumeWhenPaused)
        {
            _resumeWhenPaused = false;
            if (!askedByOwner && _capture is null)
            {
                _runner.Resume();
                SetState(InstanceState.Running);
            }
        }
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
        if (_capture is not null)
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

    private void OnCaptureRequest(CaptureRequest request)
    {
        if (IsFinished || IsCaptured)
        {
            var operation = request.Migration is null ? "snapshot" : "migrate";
            request.Requester.Tell(new OperationFailed(request.RequestId, operation, IsCaptured ? $"instance {_id} is already being captured" : $"instance {_id} has {_state.ToString().ToLowerInvariant()}"));
            return;
        }

        var instance = new CapturedInstance(_id, _name, _owner, _runner, () => _runner.RemainingLimits(System.Diagnostics.Stopwatch.GetElapsedTime(_startedAt)));
        var baseline = _baseline?.Store == CaptureActor.StoreKey(request) ? _baseline.Baseline : null;
        var worker = Context.ActorOf(CaptureActor.Props(request, instance, _settings, baseline), $"capture-{++_captures}");
        _capture = new CaptureInProgress(worker, request, WasRunning: _state != InstanceState.Paused);
    }

    /// <summary>The capture needs the program paused: now if it is, else once the engine thread stops at a checkpoint.</summary>
    private void OnPauseForCapture()
    {
        if (_state == InstanceState.Paused)
        {
            // Paused already (by its owner): the downtime of a final round starts now.
            Sender.Tell(new ProgramPaused(System.Diagnostics.Stopwatch.GetTimestamp()));
            return;
        }

        _captureAwaitsPause = true;
        _runner.RequestPause();
    }

    /// <summary>
    /// A migration's final round: the runner freezes the program where it stops and answers the capture itself. A
    /// running program still counts as awaiting its pause here, so that a capture failing before the pause is reported
    /// leaves it running (see <see cref="EndCapture"/>).
    /// </summary>
    private void OnPauseAndFreeze(PauseAndFreeze request)
    {
        _captureAwaitsPause = _state != InstanceState.Paused;
        _runner.FreezeAtPause(request.Then).PipeTo(Sender, Self, result => result, request.Failed);
    }

    /// <summary>Reports the failure; a migration that failed leaves the program running here, as if never asked.</summary>
    private void FailCapture(string reason)
    {
        var wasRunning = _capture!.WasRunning;
        var request = EndCapture();
        request.Requester.Tell(new OperationFailed(request.RequestId, request.Migration is null ? "snapshot" : "migrate", reason));
        if (_state == InstanceState.Paused && wasRunning && (request.Migration is not null || !request.LeavePaused))
        {
            _runner.Resume();
            SetState(InstanceState.Running);
        }
    }

    /// <summary>The capture is over: its child is stopped (whatever it still awaited reaches no one).</summary>
    private CaptureRequest EndCapture()
    {
        var capture = _capture!;
        Context.Stop(capture.Worker);
        _capture = null;
        _resumeWhenPaused = _captureAwaitsPause;
        _captureAwaitsPause = false;
        return capture.Request;
    }

    /// <summary>The capture child at work, the request it serves, and whether the program ran when it was asked.</summary>
    private sealed record CaptureInProgress(IActorRef Worker, CaptureRequest Request, bool WasRunning);

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
