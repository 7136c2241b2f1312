using Akka.Actor;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Capture;

namespace WasmActors.Actors.RunNode;

// The instance ↔ capture protocol, between an instance actor and its capture child (one per snapshot or migration;
// docs/adr-016-capture-as-a-child-actor.md). Local only: they carry live objects.
//
//   capture  → instance  PauseProgram                 reply: ProgramPaused, once the program stands at a pause
//   capture  → instance  PauseAndFreeze               reply: the freeze's outcome, from the engine thread where the
//                                                     program stopped (a migration's final round); ProgramPaused may follow
//   capture  → instance  BaselineChanged              no reply: the instance keeps it for its next capture
//   capture  → instance  CaptureSucceeded | CaptureFailed, the capture's last message; the capture then stops
//
// The instance answers the requester from these outcomes, so a new capture request after a reply always finds the
// last capture over. A capture the instance ends itself (its program ended) is stopped: whatever it awaited then
// goes to dead letters, never to a later capture.

/// <summary>The capture needs the program paused (a migration's final round, or a snapshot that leaves it paused).</summary>
internal sealed record PauseProgram : INoSerializationVerificationNeeded
{
    public static PauseProgram Instance { get; } = new();
}

/// <summary>
/// A migration's final round: pause the program and freeze it where it stops, on its engine thread. <paramref name="Then"/>
/// runs there with the frozen store and when the program stopped; its result (or <paramref name="Failed"/>'s) is the reply.
/// </summary>
internal sealed record PauseAndFreeze(Func<FrozenCapture, long, object> Then, Func<Exception, object> Failed) : INoSerializationVerificationNeeded;

/// <summary>The program stands at a pause since <paramref name="PausedAt"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
internal sealed record ProgramPaused(long PausedAt) : INoSerializationVerificationNeeded;

/// <summary>
/// What the instance's next capture stored on memory node <paramref name="Store"/> may be a delta of: the round just
/// stored, or null when the memory node lost it.
/// </summary>
internal sealed record BaselineChanged(string Store, SnapshotBaseline? Baseline) : INoSerializationVerificationNeeded;

/// <summary>
/// The capture is done: <paramref name="Reply"/> (<see cref="SnapshotTaken"/> or <see cref="Migrated"/>) goes to its
/// requester. <paramref name="MovedTo"/>: the program runs on there now, and this instance stops.
/// </summary>
internal sealed record CaptureSucceeded(ICorrelatedMessage Reply, string? MovedTo) : INoSerializationVerificationNeeded;

/// <summary>The capture failed for <paramref name="Reason"/>; a migration leaves the program running here.</summary>
internal sealed record CaptureFailed(string Reason) : INoSerializationVerificationNeeded;
