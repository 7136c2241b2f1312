using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// Snapshot and live migration (docs/adr-006-live-migration.md). Every capture freezes the store copy-on-write at a
/// checkpoint (O(page table); the program runs on), hashes and encodes it off the engine thread, and uploads it in
/// parts. Against the last snapshot this instance stored on the same memory node it is a delta: only the pages
/// written since are read, and only chunks the memory node lacks are sent. A migration pre-copies while the program
/// runs (a base, then deltas while much was written), pauses, uploads the small final delta and continues on the
/// target; downtime is from the pause to the target's reply.
/// </summary>
internal sealed partial class InstanceActor
{
    /// <summary>Pre-copy rounds at most before the final, paused one.</summary>
    private const int MaxPreCopyRounds = 4;

    /// <summary>Pause for the final round once less than this was written since the last round.</summary>
    private const long StopAndCopyBytes = 256 << 10;

    private SnapshotBaseline? _baseline;
    private string? _baselineStore;
    private bool _resumeWhenPaused;

    private enum RoundKind
    {
        /// <summary>A snapshot request's one round.</summary>
        Snapshot,

        /// <summary>A migration round while the program runs.</summary>
        PreCopy,

        /// <summary>A migration's last round, with the program paused.</summary>
        Final,
    }

    private void CaptureReceives()
    {
        Receive<CaptureRequest>(m => OnCaptureRequest(m));
        Receive<RoundFrozen>(m => OnFrozen(m));
        Receive<RoundWritten>(m => OnWritten(m));
        Receive<RoundFailed>(m =>
        {
            if (ReferenceEquals(m.Owner, _capture))
            {
                FailCapture($"the capture failed: {m.Reason}");
            }
        });
        Receive<SnapshotStored>(m => OnStored(m));
        Receive<SnapshotParentMissing>(m => OnParentMissing(m));
        Receive<Forked>(m => OnContinued(m));
        Receive<ContinuePrepared>(m => OnPrepared(m.RequestId, m.SnapshotId));
        Receive<OperationFailed>(m => OnRemoteFailure(m));
        Receive<OperationTimedOut>(m => OnTimedOut(m));
        Receive<PrepareOverdue>(m =>
        {
            if (ReferenceEquals(m.Owner, _capture))
            {
                OnPrepared(_capture.PrepareRequestId, null);
            }
        });
    }

    private void OnCaptureRequest(CaptureRequest request)
    {
        var operation = request.Migration is null ? "snapshot" : "migrate";
        if (IsFinished || _capture is not null)
        {
            request.Requester.Tell(new OperationFailed(request.RequestId, operation, _capture is not null ? $"instance {_id} is already being captured" : $"instance {_id} has {_state.ToString().ToLowerInvariant()}"));
            return;
        }

        _capture = new Capture(request, _state != InstanceState.Paused);
        if (request.Migration is not null)
        {
            StartRound(RoundKind.PreCopy);
        }
        else if (request.LeavePaused && _state != InstanceState.Paused)
        {
            AwaitPause();
        }
        else
        {
            StartRound(RoundKind.Snapshot);
        }

        Timers.StartSingleTimer("capture", new OperationTimedOut(request.RequestId, operation), _settings.UploadTimeout + _settings.AskTimeout);
    }

    /// <summary>Called when the program reached a pause; a capture waiting for it goes on.</summary>
    private void OnPausedForCapture(bool askedByOwner)
    {
        if (_resumeWhenPaused && _capture is null)
        {
            // A capture asked for this pause and failed before it came: nobody wants the program paused.
            _resumeWhenPaused = false;
            if (!askedByOwner)
            {
                _runner.Resume();
                SetState(InstanceState.Running);
            }

            return;
        }

        if (_capture is not { AwaitingPause: true } capture)
        {
            return;
        }

        capture.AwaitingPause = false;
        capture.PausedAt = _runner.PausedAt;
        StartRound(capture.Request.Migration is null ? RoundKind.Snapshot : RoundKind.Final);
    }

    private void AwaitPause()
    {
        var capture = _capture!;
        if (_state == InstanceState.Paused)
        {
            // Paused already (by its owner): the downtime of a final round starts now.
            capture.PausedAt = Stopwatch.GetTimestamp();
            StartRound(capture.Request.Migration is null ? RoundKind.Snapshot : RoundKind.Final);
            return;
        }

        capture.AwaitingPause = true;
        _runner.RequestPause();
    }

    private void StartRound(RoundKind kind)
    {
        var capture = _capture!;
        capture.Kind = kind;
        capture.Rounds++;
        if (kind == RoundKind.Final)
        {
            // The program is paused and its engine thread idle: freeze and write there, without hopping through
            // this actor and the thread pool while the program waits.
            var baseline = Baseline(capture.Request);
            var inlineLimit = _settings.RemoteChunkBytes / 2;
            _runner.Freeze(f => (Frozen: new RoundFrozen(capture, f, Stopwatch.GetTimestamp()), Written: Write(capture, f.Store, baseline, final: true, inlineLimit)))
                .PipeTo(Self, Self, r => r.Frozen with { Written = r.Written }, e => new RoundFailed(capture, e.GetBaseException().Message));
            return;
        }

        _runner.Freeze().PipeTo(Self, Self, f => new RoundFrozen(capture, f, Stopwatch.GetTimestamp()), e => new RoundFailed(capture, e.GetBaseException().Message));
    }

    private void OnFrozen(RoundFrozen frozen)
    {
        if (!ReferenceEquals(frozen.Owner, _capture))
        {
            return;
        }

        _capture.FrozenAt = frozen.At;
        _capture.Frozen = frozen.Capture.Store;
        _capture.StallMilliseconds += frozen.Capture.Stall.TotalMilliseconds;
        _capture.DirtyPages = frozen.Capture.Store.WrittenPages;
        if (frozen.Written is { } written)
        {
            OnWritten(written);
            return;
        }

        WriteRound(Baseline(_capture.Request));
    }

    /// <summary>The baseline a capture for this request may be a delta of: the last one stored on the same memory node.</summary>
    private SnapshotBaseline? Baseline(CaptureRequest request) => _baselineStore == StoreKey(request) ? _baseline : null;

    /// <summary>Hashes and encodes the frozen store off the actor's and the engine's threads.</summary>
    private void WriteRound(SnapshotBaseline? baseline)
    {
        var capture = _capture!;
        var frozen = capture.Frozen!;
        var inlineLimit = _settings.RemoteChunkBytes / 2;
        var final = capture.Kind == RoundKind.Final;
        Task.Run(() => Write(capture, frozen, baseline, final, inlineLimit)).PipeTo(Self, Self, w => w, e => new RoundFailed(capture, e.GetBaseException().Message));
    }

    /// <summary>Captures and encodes one round (any thread); a final round also gets its records for <see cref="ContinueFrom.Records"/>.</summary>
    private static RoundWritten Write(Capture capture, FrozenStore frozen, SnapshotBaseline? baseline, bool final, int inlineLimit)
    {
        var snapshot = SnapshotWriter.Capture(frozen, baseline, out var next);
        var file = SnapshotFile.Write(snapshot, delta: baseline is not null);
        var records = final ? InlineRecords(snapshot, inlineLimit) : null;
        return new RoundWritten(capture, file, next, records, Stopwatch.GetTimestamp());
    }

    /// <summary>
    /// The final delta's manifest and its own chunks except memory pages, for <see cref="ContinueFrom.Records"/>: the
    /// target reads them without a round trip to the memory node. Null when they would not fit in one small message.
    /// </summary>
    private static byte[]? InlineRecords(Snapshot.Snapshot delta, int limit)
    {
        var pages = SnapshotMemories.OwnPages(delta);
        var records = delta.Chunks.Where(c => !pages.Contains(c.Key)).Select(c => c.Value).ToList();
        if (delta.ManifestBytes.Length + records.Sum(r => 4L + r.Length) > limit)
        {
            return null;
        }

        records.Insert(0, delta.ManifestBytes);
        return BlobParts.JoinChunks(records);
    }

    private void OnWritten(RoundWritten written)
    {
        if (!ReferenceEquals(written.Owner, _capture))
        {
            return;
        }

        var capture = _capture;
        capture.WrittenAt = written.At;
        capture.Next = written.Next;
        capture.Records = written.Records;
        capture.RoundBytes = written.File.Length;
        capture.UploadRequestId = NextRequestId();
        capture.Stored = null;
        var snapshotId = $"s-{Guid.NewGuid():N}"[..14];
        foreach (var (part, parts, data) in BlobParts.Split(written.File, _settings.RemoteChunkBytes))
        {
            capture.Request.MemoryStore.Tell(new SnapshotUploadPart(capture.UploadRequestId, snapshotId, _id, part, parts, written.File.Length, data), Self);
        }
    }

    private void OnStored(SnapshotStored stored)
    {
        if (_capture is null || stored.RequestId != _capture.UploadRequestId || _capture.Stored is not null)
        {
            return; // late or duplicated
        }

        var capture = _capture;
        capture.StoredAt = Stopwatch.GetTimestamp();
        capture.Stored = stored;
        _baseline = capture.Next;
        _baselineStore = StoreKey(capture.Request);
        switch (capture.Kind)
        {
            case RoundKind.Snapshot:
                capture.Request.Requester.Tell(new SnapshotTaken(
                    capture.Request.RequestId,
                    stored.Snapshot.SnapshotId,
                    _id,
                    stored.Snapshot.MemoryNode,
                    stored.Chunks,
                    stored.Bytes,
                    capture.StallMilliseconds));
                _capture = null;
                return;
            case RoundKind.PreCopy:
                capture.PreCopyBytes += capture.RoundBytes;
                if (capture.PrepareRequestId == 0)
                {
                    // The first round is the base: the target restores it now, while the program runs on here, so
                    // that the final delta's restore there fetches only what changed.
                    capture.PrepareRequestId = NextRequestId();
                    capture.Request.Migration!.Target.Tell(new PrepareContinue(capture.PrepareRequestId, stored.Snapshot), Self);
                    Timers.StartSingleTimer("prepare", new PrepareOverdue(capture), _settings.AskTimeout);
                    return;
                }

                NextPreCopyStep();
                return;
            case RoundKind.Final:
                capture.ContinueRequestId = NextRequestId();
                capture.Request.Migration!.Target.Tell(new ContinueFrom(capture.ContinueRequestId, stored.Snapshot, _name, _owner, _id, capture.PreparedBase, capture.Records, RemainingLimits()), Self);
                return;
        }
    }

    /// <summary>The target holds the pre-copy base (or could not restore it: then the final restore starts cold).</summary>
    private void OnPrepared(long requestId, string? snapshotId)
    {
        if (_capture is not { Kind: RoundKind.PreCopy, Prepared: false } capture || requestId != capture.PrepareRequestId)
        {
            return; // late or duplicated
        }

        Timers.Cancel("prepare");
        capture.Prepared = true;
        capture.PreparedBase = snapshotId;
        NextPreCopyStep();
    }

    /// <summary>Another pre-copy round while the program writes much and the rounds converge; else the final one.</summary>
    private void NextPreCopyStep()
    {
        var capture = _capture!;
        var written = _runner.BytesWrittenSinceFreeze;
        var converging = capture.LastWrittenBytes < 0 || written < capture.LastWrittenBytes / 2;
        capture.LastWrittenBytes = written;
        if (written > StopAndCopyBytes && capture.Rounds < MaxPreCopyRounds && converging)
        {
            StartRound(RoundKind.PreCopy);
        }
        else
        {
            capture.HoldsGcWindow = DowntimeGcWindow.TryEnter();
            AwaitPause();
        }
    }

    /// <summary>The memory node lost (or never had) the baseline a delta named.</summary>
    private void OnParentMissing(SnapshotParentMissing missing)
    {
        if (_capture is null || missing.RequestId != _capture.UploadRequestId)
        {
            return;
        }

        _baseline = null;
        _baselineStore = null;
        if (_capture.Kind == RoundKind.Final)
        {
            // Sending the whole memory now would make the program wait for all of it: give up, run on here.
            FailCapture($"the memory node no longer holds snapshot {missing.ParentManifestId}, the base of this migration; the program runs on here");
            return;
        }

        // While the program runs (or for a snapshot), the same frozen state goes again, whole.
        WriteRound(null);
    }

    private void OnContinued(Forked forked)
    {
        if (_capture is not { Request.Migration: { } migration } || forked.RequestId != _capture.ContinueRequestId || _capture.MovedTo is not null)
        {
            return;
        }

        var capture = _capture;
        var now = Stopwatch.GetTimestamp();
        var downtime = Stopwatch.GetElapsedTime(capture.PausedAt, now).TotalMilliseconds;
        capture.MovedTo = forked.InstanceIds.Length == 1 ? forked.InstanceIds[0] : string.Join(",", forked.InstanceIds);
        var phases = new MigrationPhases(
            capture.Rounds - 1,
            capture.PreCopyBytes,
            Since(capture.Started, capture.PausedAt),
            capture.DirtyPages,
            capture.RoundBytes,
            Since(capture.PausedAt, capture.FrozenAt),
            Since(capture.FrozenAt, capture.WrittenAt),
            Since(capture.WrittenAt, capture.StoredAt),
            Since(capture.StoredAt, now),
            forked.Cost.RestoreMilliseconds)
        {
            TargetStartMilliseconds = forked.Cost.FirstInstructionMicroseconds / 1000,
        };
        Context.GetLogger().Info(
            $"migrated {_id} to {migration.TargetNode} as {capture.MovedTo}: {phases.PreCopyRounds} pre-copy round(s) of {phases.PreCopyBytes:N0} bytes in {phases.PreCopyMilliseconds:N1} ms, " +
            $"then paused: {phases.DirtyPages:N0} dirty pages, a {phases.FinalDeltaBytes:N0}-byte delta, downtime {downtime:N2} ms " +
            $"(frozen +{phases.FreezeMilliseconds:N2}, captured +{phases.CaptureMilliseconds:N2}, stored +{phases.UploadMilliseconds:N2}, running there +{phases.TargetMilliseconds:N2} ms)");
        capture.Request.Requester.Tell(new Migrated(
            capture.Request.RequestId,
            _id,
            capture.MovedTo,
            migration.TargetNode,
            capture.Stored!.Snapshot.SnapshotId,
            downtime,
            forked.Cost.BytesBeforeFirstInstruction,
            phases));
        LeaveGcWindow();
        _runner.Stop();
    }

    private void OnRemoteFailure(OperationFailed failure)
    {
        if (_capture is not null && failure.RequestId == _capture.PrepareRequestId)
        {
            OnPrepared(failure.RequestId, null);
            return;
        }

        if (_capture is not null && (failure.RequestId == _capture.UploadRequestId || failure.RequestId == _capture.ContinueRequestId))
        {
            FailCapture(failure.Reason);
        }
    }

    private void OnTimedOut(OperationTimedOut timeout)
    {
        if (_capture is not null && _capture.Request.RequestId == timeout.RequestId && _capture.MovedTo is null)
        {
            FailCapture($"no answer from the memory node or the target within {(_settings.UploadTimeout + _settings.AskTimeout).TotalSeconds:F0} s");
        }
    }

    /// <summary>Reports the failure; a migration that failed leaves the program running here, as if never asked.</summary>
    private void FailCapture(string reason)
    {
        if (_capture is null)
        {
            return;
        }

        var request = _capture.Request;
        LeaveGcWindow();
        request.Requester.Tell(new OperationFailed(request.RequestId, request.Migration is null ? "snapshot" : "migrate", reason));
        var resume = _state == InstanceState.Paused && _capture.WasRunning && (request.Migration is not null || request.LeavePaused == false);
        _resumeWhenPaused = _capture.AwaitingPause;
        _capture = null;
        Timers.Cancel("capture");
        if (resume)
        {
            _runner.Resume();
            SetState(InstanceState.Running);
        }
    }

    private void LeaveGcWindow()
    {
        if (_capture is { HoldsGcWindow: true } capture)
        {
            capture.HoldsGcWindow = false;
            DowntimeGcWindow.Exit();
        }
    }

    private static double Since(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    /// <summary>
    /// Which memory node a capture goes to: a baseline is only a parent there. The node, not the route: with progress
    /// reports the uploads go through a relay of their own, a new path for every request.
    /// </summary>
    private static string StoreKey(CaptureRequest request) => request.MemoryNode.ToString();

    /// <summary>One capture in progress: a snapshot, or a migration's rounds.</summary>
    private sealed class Capture(CaptureRequest request, bool wasRunning)
    {
        public CaptureRequest Request { get; } = request;

        public bool WasRunning { get; } = wasRunning;

        public long Started { get; } = Stopwatch.GetTimestamp();

        public RoundKind Kind { get; set; }

        public int Rounds { get; set; }

        public bool AwaitingPause { get; set; }

        /// <summary>When the program stopped for the final round (a <see cref="Stopwatch"/> timestamp).</summary>
        public long PausedAt { get; set; }

        public FrozenStore? Frozen { get; set; }

        // When the current round was frozen, written and stored (Stopwatch timestamps), for the phase log.
        public long FrozenAt { get; set; }

        public long WrittenAt { get; set; }

        public long StoredAt { get; set; }

        public SnapshotBaseline? Next { get; set; }

        public double StallMilliseconds { get; set; }

        public long DirtyPages { get; set; }

        public long RoundBytes { get; set; }

        public long PreCopyBytes { get; set; }

        public long LastWrittenBytes { get; set; } = -1;

        public long UploadRequestId { get; set; }

        public long ContinueRequestId { get; set; }

        public SnapshotStored? Stored { get; set; }

        public string? MovedTo { get; set; }

        /// <summary>The request that asked the target to restore the pre-copy base (0: not asked yet).</summary>
        public long PrepareRequestId { get; set; }

        public bool Prepared { get; set; }

        /// <summary>The snapshot the target restored ahead of the final round; null if it could not.</summary>
        public string? PreparedBase { get; set; }

        /// <summary>The final round runs in the process's no-GC region (<see cref="DowntimeGcWindow"/>).</summary>
        public bool HoldsGcWindow { get; set; }

        /// <summary>The final delta's records for <see cref="ContinueFrom.Records"/>, if they are small enough.</summary>
        public byte[]? Records { get; set; }
    }

    /// <summary>The target did not answer <see cref="PrepareContinue"/> in time: the migration goes on without it.</summary>
    private sealed record PrepareOverdue(Capture Owner) : INoSerializationVerificationNeeded;

    /// <remarks><paramref name="At"/>: when the freeze ended; <paramref name="Written"/>: the round, if it was written on the engine thread too.</remarks>
    private sealed record RoundFrozen(Capture Owner, FrozenCapture Capture, long At, RoundWritten? Written = null) : INoSerializationVerificationNeeded;

    /// <remarks><paramref name="At"/>: when the writing ended (a <see cref="Stopwatch"/> timestamp).</remarks>
    private sealed record RoundWritten(Capture Owner, byte[] File, SnapshotBaseline Next, byte[]? Records, long At) : INoSerializationVerificationNeeded;

    private sealed record RoundFailed(Capture Owner, string Reason) : INoSerializationVerificationNeeded;
}
