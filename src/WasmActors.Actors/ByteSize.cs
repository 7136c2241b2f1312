namespace WasmActors.Actors;

/// <summary>Byte counts as people read them, in every message, table and report: "812 B", "4.0 KiB", "63.9 MiB", "1.50 GiB".</summary>
internal static class ByteSize
{
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.00} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}
