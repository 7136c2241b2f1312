using Akka.Actor;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

// The run node ↔ instance protocol (local: these carry live objects).
//
//   run node → instance  PauseInstance, ResumeInstance, StopInstance (forwarded) → InstanceStateChanged to the asker
//   run node → instance  CaptureRequest → SnapshotTaken or Migrated (from its capture child, ADR-016) to the requester
//   instance → run node  InstanceReport, at every change of state (for listings and fork start replies)
//
// And the engine thread → instance actor events (InstanceRunner's IRunnerEvents, posted by InstanceActor.Events),
// with the instance's own wall-time timer.

/// <summary>
/// A capture request with the memory node to store it on (and, for a migration, the target). Uploads go to
/// <paramref name="MemoryStore"/>, which may be a relay that reports progress; <paramref name="MemoryNode"/> is the
/// node itself, which decides whether the instance's last snapshot can be the parent of this one.
/// </summary>
internal sealed record CaptureRequest(long RequestId, IActorRef Requester, bool LeavePaused, ActorSelection MemoryStore, Address MemoryNode, MigrateTo? Migration)
    : INoSerializationVerificationNeeded;

/// <summary>An instance reports its state to its run node (for listings).</summary>
internal sealed record InstanceReport(string InstanceId, InstanceState State, IWasmActorsMessage? Ending = null) : INoSerializationVerificationNeeded;

internal sealed record RunnerStarted : INoSerializationVerificationNeeded;

internal sealed record RunnerPaused : INoSerializationVerificationNeeded;

internal sealed record RunnerExited(int ExitCode) : INoSerializationVerificationNeeded;

internal sealed record RunnerTrapped(string Message) : INoSerializationVerificationNeeded;

internal sealed record RunnerStopped : INoSerializationVerificationNeeded;

/// <summary>The instance's wall-time limit is up (a timer of its own actor).</summary>
internal sealed record WallTimeReached : INoSerializationVerificationNeeded
{
    public static WallTimeReached Instance { get; } = new();
}
