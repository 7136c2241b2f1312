using System.Runtime;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// A live migration's final round (pause → delta → upload → the target's first instruction) runs inside a no-GC
/// region when the runtime grants one, so that a blocking collection cannot land in the program's downtime. The
/// region is entered while the program still runs, just before the pause (entering may itself collect, off the
/// downtime), and left when the round ends. One migration at a time holds it per process; the others run without.
/// If the round allocates more than the budget, the runtime collects and ends the region by itself.
/// </summary>
internal static class DowntimeGcWindow
{
    /// <summary>What a final round may allocate without a collection (its delta, the records, the message parts).</summary>
    private const long Budget = 64L << 20;

    private static int _held;

    /// <summary>Enters the region; false when another migration holds it or the runtime refuses.</summary>
    public static bool TryEnter()
    {
        if (Interlocked.CompareExchange(ref _held, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            if (GC.TryStartNoGCRegion(Budget))
            {
                return true;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            // Already in a region (entered by other code in this process), or the budget is above what this
            // runtime's configuration allows: go on without.
        }

        Volatile.Write(ref _held, 0);
        return false;
    }

    /// <summary>Leaves the region entered by <see cref="TryEnter"/> (if the runtime has not ended it already).</summary>
    public static void Exit()
    {
        try
        {
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
        catch (InvalidOperationException)
        {
            // The round allocated past the budget: the runtime collected and ended the region itself.
        }
        finally
        {
            Volatile.Write(ref _held, 0);
        }
    }
}
