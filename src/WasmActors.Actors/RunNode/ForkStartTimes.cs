namespace WasmActors.Actors.RunNode;

/// <summary>
/// The run node's recent forks' times to first instruction (from the fork request's arrival), kept in a fixed ring
/// so the figures follow current behaviour and memory stays bounded. Written from engine threads, read for stats.
/// </summary>
internal sealed class ForkStartTimes(string node, int capacity = 4096)
{
    private readonly Lock _lock = new();
    private readonly double[] _ring = new double[capacity];
    private long _count;

    /// <summary>Forks that reached their first instruction since the node started.</summary>
    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public void Add(double microseconds)
    {
        lock (_lock)
        {
            _ring[_count++ % _ring.Length] = microseconds;
        }

        Telemetry.WasmActorsMetrics.ForkStarted(node, microseconds / 1000);
    }

    /// <summary>Nearest-rank percentile of the recent samples; null when there are none.</summary>
    public double? Percentile(double percentile)
    {
        double[] recent;
        lock (_lock)
        {
            recent = _ring.AsSpan(0, (int)Math.Min(_count, _ring.Length)).ToArray();
        }

        if (recent.Length == 0)
        {
            return null;
        }

        Array.Sort(recent);
        var rank = (int)Math.Ceiling(percentile / 100 * recent.Length) - 1;
        return recent[Math.Clamp(rank, 0, recent.Length - 1)];
    }
}
