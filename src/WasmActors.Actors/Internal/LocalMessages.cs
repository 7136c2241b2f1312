using Akka.Actor;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.Internal;

// Messages that never leave their node: they carry live objects, so they opt out of serialisation checks.

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

/// <summary>
/// A capture request with the memory node to store it on (and, for a migration, the target). Uploads go to
/// <paramref name="MemoryStore"/>, which may be a relay that reports progress; <paramref name="MemoryNode"/> is the
/// node itself, which decides whether the instance's last snapshot can be the parent of this one.
/// </summary>
internal sealed record CaptureRequest(long RequestId, IActorRef Requester, bool LeavePaused, ActorSelection MemoryStore, Address MemoryNode, MigrateTo? Migration)
    : INoSerializationVerificationNeeded;

/// <summary>An instance reports its state to its run node (for listings); <paramref name="Ending"/> how it ended, once it has.</summary>
internal sealed record InstanceReport(string InstanceId, InstanceState State, IWasmActorsMessage? Ending = null) : INoSerializationVerificationNeeded;

/// <summary>A step of a multi-step operation did not answer in time.</summary>
internal sealed record OperationTimedOut(long RequestId, string What) : INoSerializationVerificationNeeded;

/// <summary>The engine thread asks its proxy for snapshot data and blocks on <paramref name="Reply"/>.</summary>
internal sealed record ProxyFetch(SnapshotDataKind Kind, byte[] ChunkIds, int Region, TaskCompletionSource<byte[]> Reply) : INoSerializationVerificationNeeded;

/// <summary>The engine thread gave up waiting; a reply arriving later is ignored.</summary>
internal sealed record ProxyAbandon(TaskCompletionSource<byte[]> Reply) : INoSerializationVerificationNeeded;

/// <summary>A restore for a fork batch finished (or failed) off the actor's thread.</summary>
internal sealed record RestoreDone(ForkFrom Request, IActorRef Requester, ForkBatch? Batch, string? Error, double Milliseconds, ContinueFrom? Continuation)
    : INoSerializationVerificationNeeded;

/// <summary>A snapshot actor finished receiving and tells its registry.</summary>
internal sealed record SnapshotReady(SnapshotInfo Info, SnapshotRef Ref) : INoSerializationVerificationNeeded;
