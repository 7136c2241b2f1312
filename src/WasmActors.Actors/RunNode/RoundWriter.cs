using System.Diagnostics;
using Akka.Actor;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// One capture round written: the snapshot file, the baseline the next round may be a delta of, and (a final round)
/// its records for <see cref="ContinueFrom.Records"/>. <paramref name="At"/>: when the writing ended (a
/// <see cref="Stopwatch"/> timestamp).
/// </summary>
internal sealed record WrittenRound(byte[] File, SnapshotBaseline Next, byte[]? Records, long At) : INoSerializationVerificationNeeded;

/// <summary>Hashes and encodes a frozen store into a snapshot file, on any thread.</summary>
internal static class RoundWriter
{
    /// <param name="baseline">The last round the memory node holds: the file is a delta of it. Null: the file is whole.</param>
    /// <param name="final">A migration's final round: its records ride along with the continuation if they are small.</param>
    public static WrittenRound Write(FrozenStore frozen, SnapshotBaseline? baseline, bool final, int inlineLimit)
    {
        var snapshot = SnapshotWriter.Capture(frozen, baseline, out var next);
        var file = SnapshotFile.Write(snapshot, delta: baseline is not null);
        var records = final ? InlineRecords(snapshot, inlineLimit) : null;
        return new WrittenRound(file, next, records, Stopwatch.GetTimestamp());
    }

    /// <summary>
    /// The final delta's manifest and its own chunks except memory pages, for <see cref="ContinueFrom.Records"/>: the
    /// target reads them without a round trip to the memory node. Null when they would not fit in one small message.
    /// </summary>
    private static byte[]? InlineRecords(Snapshot.SnapshotImage delta, int limit)
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
}
