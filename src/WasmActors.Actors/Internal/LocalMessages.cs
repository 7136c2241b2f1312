using Akka.Actor;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.Internal;

// Messages that never leave their node: they carry live objects, so they opt out of serialisation checks.

/// <summary>The engine thread asks its proxy for snapshot data and blocks on <paramref name="Reply"/>.</summary>
internal sealed record ProxyFetch(SnapshotDataKind Kind, byte[] ChunkIds, int Region, TaskCompletionSource<byte[]> Reply) : INoSerializationVerificationNeeded;

/// <summary>The engine thread gave up waiting; a reply arriving later is ignored.</summary>
internal sealed record ProxyAbandon(TaskCompletionSource<byte[]> Reply) : INoSerializationVerificationNeeded;

/// <summary>A snapshot actor finished receiving and tells its registry.</summary>
internal sealed record SnapshotReady(SnapshotInfo Info, SnapshotRef Ref) : INoSerializationVerificationNeeded;
