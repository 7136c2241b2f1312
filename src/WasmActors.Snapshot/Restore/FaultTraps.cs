using WasmActors.Snapshot.Format;
using WasmActors.Wasm;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// What a fault does when its unit cannot be had: the run has already started, so the touching instruction traps
/// with a <see cref="WasmTrapException"/> that names the piece, the same for memory pages, tables and segments.
/// </summary>
internal static class FaultTraps
{
    /// <summary>
    /// Failures a source or the checks on its reply can raise: a bad or missing chunk, or the transport giving up.
    /// A source may also throw <see cref="WasmTrapException"/> itself (e.g. "snapshot source unavailable"); that
    /// passes through unchanged.
    /// </summary>
    public static bool IsUnavailable(Exception e) =>
        e is SnapshotFormatException or IOException or TimeoutException or InvalidOperationException or InvalidDataException;

    public static WasmTrapException Unavailable(string what, Exception e) => new($"snapshot {what} is unavailable: {e.Message}", inner: e);
}
