namespace WasmActors.Snapshot.Format;

/// <summary>
/// A snapshot that cannot be used: truncated, corrupted, from another format or engine version, or internally
/// inconsistent. Thrown by the reader before any instance is built, so nothing of a bad snapshot ever runs.
/// </summary>
internal sealed class SnapshotFormatException : Exception
{
    public SnapshotFormatException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>A store that cannot be snapshotted, e.g. it holds a host reference that cannot move.</summary>
internal sealed class SnapshotCaptureException : Exception
{
    public SnapshotCaptureException(string message)
        : base(message)
    {
    }
}
