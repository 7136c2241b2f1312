using Akka.Actor;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

// The run node's messages to itself: they carry live objects and never leave the node.

/// <summary>A restore for a fork batch finished (or failed) off the actor's thread.</summary>
/// <remarks><paramref name="PrepareOnly"/>: a <see cref="PrepareContinue"/>, which caches the restore and starts nothing.</remarks>
internal sealed record RestoreFinished(ForkFrom Request, IActorRef Requester, ForkBatch? Batch, string? Error, double Milliseconds, ContinueFrom? Continuation, long RequestTimestamp, bool PrepareOnly = false)
    : INoSerializationVerificationNeeded;

/// <summary>A fork batch has not reported all its first instructions within the ask timeout: reply with what started.</summary>
internal sealed record ForkStartOverdue(ForkStartTracker Tracker) : INoSerializationVerificationNeeded;

/// <summary>Time to drop idle cache entries.</summary>
internal sealed record SweepCaches : INoSerializationVerificationNeeded
{
    public static SweepCaches Instance { get; } = new();
}
