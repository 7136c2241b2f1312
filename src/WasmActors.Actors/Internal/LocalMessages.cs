using Akka.Actor;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.Internal;

// Messages that never leave their node: they carry live objects, so they opt out of serialisation checks.

/// <summary>The engine thread asks its proxy for snapshot data and blocks on <paramref name="Reply"/>.</summary>
internal sealed record ProxyFetch(SnapshotDataKind Kind, byte[] ChunkIds, int Region, TaskCompletionSource<byte[]> Reply) : INoSerializationVerificationNeeded;

/// <summary>The engine thread gave up waiting; a reply arriving later is ignored.</summary>
internal sealed record ProxyAbandon(TaskCompletionSource<byte[]> Reply) : INoSerializationVerificationNeeded;

/// <summary>
/// A snapshot actor finished receiving and tells its registry; with <paramref name="Ack"/> (an upload, not a
/// snapshot read back from disk) the registry acknowledges it once the holder map and the other holders have it.
/// </summary>
internal sealed record SnapshotReady(SnapshotInfo Info, SnapshotRef Ref, UploadAck? Ack = null) : INoSerializationVerificationNeeded;

/// <summary>
/// An upload stored here, waiting to be acknowledged to <paramref name="Uploader"/> with <paramref name="Stored"/>.
/// <paramref name="File"/> is the file as uploaded, <paramref name="Flattened"/> makes the whole snapshot as one
/// file (for a holder that lacks a delta's parent).
/// </summary>
internal sealed record UploadAck(IActorRef Uploader, SnapshotStored Stored, bool Replica, byte[] File, Func<byte[]> Flattened) : INoSerializationVerificationNeeded;

/// <summary>An engine thread found the holder <paramref name="Holder"/> failing on the bulk path, or not answering there within the holder timeout: the proxy looks for another.</summary>
internal sealed record ProxyHolderFailed(Akka.Actor.IActorRef Holder) : INoSerializationVerificationNeeded;

/// <summary>
/// A fork names <paramref name="Holder"/> for a snapshot whose proxy fetches from another holder: the proxy moves to it
/// (what the fork's requester found up just now) unless that holder already died or failed a fetch there.
/// </summary>
internal sealed record ProxyHolderNamed(WasmActors.Actors.Messages.SnapshotRef Holder) : INoSerializationVerificationNeeded;
