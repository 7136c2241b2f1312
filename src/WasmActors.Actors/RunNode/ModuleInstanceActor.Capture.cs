using Akka.Actor;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Format;

namespace WasmActors.Actors.RunNode;

/// <summary>Snapshot and migration: pause, capture on the engine thread, upload in parts, and for a migration continue on the target.</summary>
internal sealed partial class ModuleInstanceActor
{
    private void OnCaptureRequest(CaptureRequest request)
    {
        var operation = request.Migration is null ? "snapshot" : "migrate";
        if (IsFinished || _capture is not null)
        {
            request.Requester.Tell(new OperationFailed(request.RequestId, operation, _capture is not null ? $"instance {_id} is already being captured" : $"instance {_id} has {_state.ToString().ToLowerInvariant()}"));
            return;
        }

        _capture = new Capture(request, _state != InstanceState.Paused);
        if (_state == InstanceState.Paused)
        {
            StartCapture();
        }
        else
        {
            _runner.RequestPause();
        }

        Timers.StartSingleTimer("capture", new OperationTimedOut(request.RequestId, operation), _settings.UploadTimeout + _settings.AskTimeout);
    }

    private void StartCapture()
    {
        _capture!.CaptureStarted = true;
        _runner.Capture().PipeTo(Self, Self, s => new CaptureDone(s), e => new CaptureFailed(e.GetBaseException().Message));
    }

    private void OnCaptured(Snapshot.Snapshot snapshot)
    {
        if (_capture is null)
        {
            return;
        }

        _capture.Captured = true;
        var request = _capture.Request;
        if (request.Migration is null && !request.LeavePaused && _capture.WasRunning)
        {
            _capture.PauseMilliseconds = _capture.Clock.Elapsed.TotalMilliseconds;
            _runner.Resume();
            SetState(InstanceState.Running);
        }

        byte[] file;
        try
        {
            file = SnapshotFile.Write(snapshot);
        }
        catch (Exception e)
        {
            FailCapture($"the snapshot could not be written: {e.Message}");
            return;
        }

        var snapshotId = $"s-{Guid.NewGuid():N}"[..14];
        _capture.UploadRequestId = NextRequestId();
        foreach (var (part, parts, data) in BlobParts.Split(file, _settings.RemoteChunkBytes))
        {
            request.MemoryStore.Tell(new SnapshotUploadPart(_capture.UploadRequestId, snapshotId, _id, part, parts, file.Length, data), Self);
        }
    }

    private void OnStored(SnapshotStored stored)
    {
        if (_capture is null || stored.RequestId != _capture.UploadRequestId || _capture.Stored is not null)
        {
            return; // late or duplicated
        }

        _capture.Stored = stored;
        var request = _capture.Request;
        if (request.Migration is not { } migration)
        {
            request.Requester.Tell(new SnapshotTaken(
                request.RequestId,
                stored.Snapshot.SnapshotId,
                _id,
                stored.Snapshot.MemoryNode,
                stored.Chunks,
                stored.Bytes,
                _capture.PauseMilliseconds > 0 ? _capture.PauseMilliseconds : _capture.Clock.Elapsed.TotalMilliseconds));
            _capture = null;
            return;
        }

        _capture.ContinueRequestId = NextRequestId();
        migration.Target.Tell(new ContinueFrom(_capture.ContinueRequestId, stored.Snapshot, _name, _owner, _id), Self);
    }

    private void OnContinued(Forked forked)
    {
        if (_capture is not { Request.Migration: { } migration } || forked.RequestId != _capture.ContinueRequestId || _capture.MovedTo is not null)
        {
            return;
        }

        _capture.MovedTo = forked.InstanceIds.Length == 1 ? forked.InstanceIds[0] : string.Join(",", forked.InstanceIds);
        _capture.Request.Requester.Tell(new Migrated(
            _capture.Request.RequestId,
            _id,
            _capture.MovedTo,
            migration.TargetNode,
            _capture.Stored!.Snapshot.SnapshotId,
            _capture.Clock.Elapsed.TotalMilliseconds,
            forked.Cost.BytesBeforeFirstInstruction));
        _runner.Stop();
    }

    private void OnRemoteFailure(OperationFailed failure)
    {
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
        request.Requester.Tell(new OperationFailed(request.RequestId, request.Migration is null ? "snapshot" : "migrate", reason));
        var resume = _state == InstanceState.Paused && _capture.WasRunning && (request.Migration is not null || request.LeavePaused == false);
        _capture = null;
        if (resume)
        {
            _runner.Resume();
            SetState(InstanceState.Running);
        }
    }
}
