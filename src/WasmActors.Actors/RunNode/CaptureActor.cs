using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Capture;

namespace WasmActors.Actors.RunNode;

/// <summary>What a capture needs of the instance it captures; <paramref name="RemainingLimits"/> is read when the program moves.</summary>
internal sealed record CapturedInstance(string Id, string Name, IActorRef Owner, InstanceRunner Runner, Func<ProgramLimits> RemainingLimits);

/// <summary>
/// One snapshot or live migration of an instance, as a child of its instance actor, one behaviour per phase
/// (docs/adr-006-live-migration.md, docs/adr-016-capture-as-a-child-actor.md). Every round freezes the store
/// copy-on-write at a checkpoint, writes it off the engine thread (a delta of the last round the memory node holds)
/// and uploads it in parts. A migration pre-copies while the program runs (a base the target restores ahead, then
/// deltas while much was written), asks for a pause, uploads the small final delta and continues on the target;
/// downtime is from the pause to the target's reply. The capture ends by telling its instance how it went
/// (<see cref="CaptureSucceeded"/> or <see cref="CaptureFailed"/>) and stopping: replies still on their way then
/// reach no one.
/// </summary>
internal sealed class CaptureActor : ReceiveActor, IWithTimers
{
    /// <summary>Pre-copy rounds at most before the final, paused one.</summary>
    private const int MaxPreCopyRounds = 4;

    /// <summary>Pause for the final round once less than this was written since the last round.</summary>
    private const long StopAndCopyBytes = 256 << 10;

    private readonly CaptureRequest _request;
    private readonly CapturedInstance _instance;
    private readonly WasmActorsSettings _settings;
    private readonly long _started = Stopwatch.GetTimestamp();
    private SnapshotBaseline? _baseline;
    private long _nextRequestId;

    // Across a migration's rounds.
    private int _rounds;
    private double _stallMilliseconds;
    private long _preCopyBytes;
    private long _lastWrittenBytes = -1;
    private string? _preparedBase;
    private bool _holdsGcWindow;

    // The current round, for the migration's phase log (Stopwatch timestamps).
    private long _pausedAt;
    private long _frozenAt;
    private long _writtenAt;
    private long _storedAt;
    private long _dirtyPages;
    private long _roundBytes;
    private FrozenStore? _frozen;
    private byte[]? _records;

    public CaptureActor(CaptureRequest request, CapturedInstance instance, WasmActorsSettings settings, SnapshotBaseline? baseline)
    {
        _request = request;
        _instance = instance;
        _settings = settings;
        _baseline = baseline;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private enum RoundKind
    {
        /// <summary>A snapshot request's one round.</summary>
        Snapshot,

        /// <summary>A migration round while the program runs.</summary>
        PreCopy,

        /// <summary>A migration's last round, with the program paused.</summary>
        Final,
    }

    public static Props Props(CaptureRequest request, CapturedInstance instance, WasmActorsSettings settings, SnapshotBaseline? baseline) =>
        Akka.Actor.Props.Create(() => new CaptureActor(request, instance, settings, baseline));

    /// <summary>
    /// Which memory node a capture goes to: a baseline is only a parent there. The node, not the route: with progress
    /// reports the uploads go through a relay of their own, a new path for every request.
    /// </summary>
    public static string StoreKey(CaptureRequest request) => request.MemoryNode.ToString();

    protected override void PreStart()
    {
        Timers.StartSingleTimer(nameof(CaptureTimedOut), CaptureTimedOut.Instance, _settings.UploadTimeout + _settings.AskTimeout);
        if (_request.Migration is not null)
        {
            // A target lost mid-way fails the migration when the cluster removes it, not after the whole timeout.
            Context.Watch(_request.Migration.Target);
            StartRound(RoundKind.PreCopy);
        }
        else if (_request.LeavePaused)
        {
            AwaitPause(RoundKind.Snapshot);
        }
        else
        {
            StartRound(RoundKind.Snapshot);
        }
    }

    protected override void PostStop() => LeaveGcWindow();

    /// <summary>Freezing the store, then writing it: one round's work off this actor.</summary>
    private void Capturing(RoundKind kind)
    {
        Receive<RoundFrozen>(frozen =>
        {
            _pausedAt = frozen.StoppedAt ?? _pausedAt;
            _frozenAt = frozen.At;
            _frozen = frozen.Capture.Store;
            _stallMilliseconds += frozen.Capture.Stall.TotalMilliseconds;
            _dirtyPages = frozen.Capture.Store.WrittenPages;
            if (frozen.Written is { } written)
            {
                Upload(kind, written);
                return;
            }

            WriteRound(kind, _baseline);
        });
        Receive<WrittenRound>(written => Upload(kind, written));
        Receive<RoundFailed>(m => Fail($"the capture failed: {m.Reason}"));
        ReceiveTimeout();
    }

    /// <summary>The round's parts are on their way to the memory node, sent as <paramref name="uploadId"/>.</summary>
    private void Uploading(RoundKind kind, long uploadId, SnapshotBaseline next)
    {
        Receive<SnapshotStored>(m => m.RequestId == uploadId, stored => OnStored(kind, stored, next));
        Receive<SnapshotParentMissing>(m => m.RequestId == uploadId, missing =>
        {
            // The memory node lost (or never had) the baseline this delta named.
            SetBaseline(null);
            if (kind == RoundKind.Final)
            {
                // Sending the whole memory now would make the program wait for all of it: give up, run on here.
                Fail($"the memory node no longer holds snapshot {missing.ParentManifestId}, the base of this migration; the program runs on here");
                return;
            }

            // While the program runs (or for a snapshot), the same frozen state goes again, whole.
            WriteRound(kind, null);
        });
        Receive<OperationFailed>(m => m.RequestId == uploadId, m => Fail(m.Reason));
        ReceiveTimeout();
    }

    /// <summary>The target restores the pre-copy base ahead (or cannot: then the final restore starts cold).</summary>
    private void Preparing(long prepareId)
    {
        Receive<ContinuePrepared>(m => m.RequestId == prepareId, m =>
        {
            _preparedBase = m.SnapshotId;
            NextPreCopyStep();
        });
        Receive<OperationFailed>(m => m.RequestId == prepareId, _ => NextPreCopyStep());
        Receive<PrepareOverdue>(_ => NextPreCopyStep());
        ReceiveTimeout();
    }

    private void AwaitingPause(RoundKind kind)
    {
        Receive<ProgramPaused>(m =>
        {
            _pausedAt = m.PausedAt;
            StartRound(kind);
        });
        ReceiveTimeout();
    }

    /// <summary>The final delta is stored and the target restores it to continue the program.</summary>
    private void Continuing(long continueId, SnapshotStored stored)
    {
        Receive<Forked>(m => m.RequestId == continueId, forked => OnContinued(forked, stored));
        Receive<OperationFailed>(m => m.RequestId == continueId, m => Fail(m.Reason));
        ReceiveTimeout();
    }

    private void ReceiveTimeout()
    {
        Receive<ProgramPaused>(_ => { }); // the instance's word that the final round's program paused: the freeze said so first
        Receive<CaptureTimedOut>(_ => Fail($"no answer from the memory node or the target within {(_settings.UploadTimeout + _settings.AskTimeout).TotalSeconds:F0} s"));
        Receive<Terminated>(_ => Fail($"the target run node {_request.Migration!.TargetNode} was lost during the migration; the program continues here"));
    }

    private void StartRound(RoundKind kind)
    {
        _rounds++;
        var self = Self;
        _instance.Runner.Freeze().PipeTo(self, self, f => new RoundFrozen(f, Stopwatch.GetTimestamp(), null), e => new RoundFailed(e.GetBaseException().Message));
        Become(() => Capturing(kind));
    }

    /// <summary>
    /// The final round: the program pauses, and is frozen and written on its engine thread where it stopped, without
    /// hopping through the actors and the thread pool while it waits; the downtime starts when it stopped.
    /// </summary>
    private void PauseForFinalRound()
    {
        _rounds++;
        var baseline = _baseline;
        var inlineLimit = _settings.RemoteChunkBytes / 2;
        Context.Parent.Tell(new PauseAndFreeze(
            (f, stoppedAt) => new RoundFrozen(f, Stopwatch.GetTimestamp(), RoundWriter.Write(f.Store, baseline, final: true, inlineLimit), stoppedAt),
            e => new RoundFailed(e.GetBaseException().Message)));
        Become(() => Capturing(RoundKind.Final));
    }

    /// <summary>
    /// Hashes and encodes the frozen store off the actor's and the engine's threads. Never the final round of a
    /// migration: that one is written on the engine thread where the program stopped (<see cref="PauseForFinalRound"/>).
    /// </summary>
    private void WriteRound(RoundKind kind, SnapshotBaseline? baseline)
    {
        var frozen = _frozen!;
        var inlineLimit = _settings.RemoteChunkBytes / 2;
        Task.Run(() => RoundWriter.Write(frozen, baseline, final: false, inlineLimit)).PipeTo(Self, Self, w => w, e => new RoundFailed(e.GetBaseException().Message));
        Become(() => Capturing(kind));
    }

    private void Upload(RoundKind kind, WrittenRound written)
    {
        _writtenAt = written.At;
        _records = written.Records;
        _roundBytes = written.File.Length;
        var uploadId = ++_nextRequestId;
        var snapshotId = $"s-{Guid.NewGuid():N}"[..14];
        foreach (var (part, parts, data) in BlobParts.Split(written.File, _settings.RemoteChunkBytes))
        {
            _request.MemoryStore.Tell(new SnapshotUploadPart(uploadId, snapshotId, _instance.Id, part, parts, written.File.Length, data), Self);
        }

        Become(() => Uploading(kind, uploadId, written.Next));
    }

    private void OnStored(RoundKind kind, SnapshotStored stored, SnapshotBaseline next)
    {
        _storedAt = Stopwatch.GetTimestamp();
        SetBaseline(next);
        switch (kind)
        {
            case RoundKind.Snapshot:
                Succeed(new SnapshotTaken(_request.RequestId, stored.Snapshot.SnapshotId, _instance.Id, stored.Snapshot.MemoryNode, stored.Chunks, stored.Bytes, _stallMilliseconds), null);
                return;
            case RoundKind.PreCopy when _rounds == 1:
                // The first round is the base: the target restores it now, while the program runs on here, so that
                // the final delta's restore there fetches only what changed.
                _preCopyBytes += _roundBytes;
                var prepareId = ++_nextRequestId;
                _request.Migration!.Target.Tell(new PrepareContinue(prepareId, stored.Snapshot), Self);
                Timers.StartSingleTimer(nameof(PrepareOverdue), PrepareOverdue.Instance, _settings.AskTimeout);
                Become(() => Preparing(prepareId));
                return;
            case RoundKind.PreCopy:
                _preCopyBytes += _roundBytes;
                NextPreCopyStep();
                return;
            case RoundKind.Final:
                var continueId = ++_nextRequestId;
                _request.Migration!.Target.Tell(new ContinueFrom(continueId, stored.Snapshot, _instance.Name, _instance.Owner, _instance.Id, _preparedBase, _records, _instance.RemainingLimits()), Self);
                Become(() => Continuing(continueId, stored));
                return;
        }
    }

    /// <summary>Another pre-copy round while the program writes much and the rounds converge; else the final one.</summary>
    private void NextPreCopyStep()
    {
        Timers.Cancel(nameof(PrepareOverdue));
        var written = _instance.Runner.BytesWrittenSinceFreeze;
        var converging = _lastWrittenBytes < 0 || written < _lastWrittenBytes / 2;
        _lastWrittenBytes = written;
        if (written > StopAndCopyBytes && _rounds < MaxPreCopyRounds && converging)
        {
            StartRound(RoundKind.PreCopy);
            return;
        }

        _holdsGcWindow = DowntimeGcWindow.TryEnter();
        PauseForFinalRound();
    }

    private void AwaitPause(RoundKind kind)
    {
        Context.Parent.Tell(PauseProgram.Instance);
        Become(() => AwaitingPause(kind));
    }

    private void OnContinued(Forked forked, SnapshotStored stored)
    {
        var migration = _request.Migration!;
        var now = Stopwatch.GetTimestamp();
        var downtime = Stopwatch.GetElapsedTime(_pausedAt, now).TotalMilliseconds;
        var movedTo = forked.InstanceIds.Length == 1 ? forked.InstanceIds[0] : string.Join(",", forked.InstanceIds);
        var phases = new MigrationPhases(
            _rounds - 1,
            _preCopyBytes,
            Since(_started, _pausedAt),
            _dirtyPages,
            _roundBytes,
            Since(_pausedAt, _frozenAt),
            Since(_frozenAt, _writtenAt),
            Since(_writtenAt, _storedAt),
            Since(_storedAt, now),
            forked.Cost.RestoreMilliseconds)
        {
            TargetStartMilliseconds = forked.Cost.FirstInstructionMicroseconds / 1000,
        };
        Context.GetLogger().Info(
            $"migrated {_instance.Id} to {migration.TargetNode} as {movedTo}: {phases.PreCopyRounds} pre-copy round(s) of {phases.PreCopyBytes:N0} bytes in {phases.PreCopyMilliseconds:N1} ms, " +
            $"then paused: {phases.DirtyPages:N0} dirty pages, a {phases.FinalDeltaBytes:N0}-byte delta, downtime {downtime:N2} ms " +
            $"(frozen +{phases.FreezeMilliseconds:N2}, captured +{phases.CaptureMilliseconds:N2}, stored +{phases.UploadMilliseconds:N2}, running there +{phases.TargetMilliseconds:N2} ms)");
        Telemetry.WasmActorsMetrics.Migrated(_settings.NodeName, downtime);
        Succeed(new Migrated(_request.RequestId, _instance.Id, movedTo, migration.TargetNode, stored.Snapshot.SnapshotId, downtime, forked.Cost.BytesBeforeFirstInstruction, phases), movedTo);
    }

    private void SetBaseline(SnapshotBaseline? baseline)
    {
        _baseline = baseline;
        Context.Parent.Tell(new BaselineChanged(StoreKey(_request), baseline));
    }

    private void Succeed(ICorrelatedMessage reply, string? movedTo) => End(new CaptureSucceeded(reply, movedTo));

    private void Fail(string reason) => End(new CaptureFailed(reason));

    /// <summary>The last message to the instance; the capture stops, and what it awaited no longer reaches it.</summary>
    private void End(object outcome)
    {
        LeaveGcWindow();
        Context.Parent.Tell(outcome);
        Context.Stop(Self);
    }

    private void LeaveGcWindow()
    {
        if (_holdsGcWindow)
        {
            _holdsGcWindow = false;
            DowntimeGcWindow.Exit();
        }
    }

    private static double Since(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    /// <remarks>
    /// <paramref name="At"/>: when the freeze ended; <paramref name="Written"/>: the round, if it was written on the engine
    /// thread too; <paramref name="StoppedAt"/>: when the program stopped for it (a final round).
    /// </remarks>
    private sealed record RoundFrozen(FrozenCapture Capture, long At, WrittenRound? Written, long? StoppedAt = null) : INoSerializationVerificationNeeded;

    private sealed record RoundFailed(string Reason) : INoSerializationVerificationNeeded;

    /// <summary>The target did not answer <see cref="PrepareContinue"/> in time: the migration goes on without it.</summary>
    private sealed record PrepareOverdue : INoSerializationVerificationNeeded
    {
        public static PrepareOverdue Instance { get; } = new();
    }

    /// <summary>The memory node or the target did not answer within the upload and ask timeouts together.</summary>
    private sealed record CaptureTimedOut : INoSerializationVerificationNeeded
    {
        public static CaptureTimedOut Instance { get; } = new();
    }
}
