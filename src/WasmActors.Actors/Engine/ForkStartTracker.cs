using System.Diagnostics;

namespace WasmActors.Actors.Engine;

/// <summary>
/// Follows one fork batch to its first instructions. Every fork stamps, on its engine thread, the moment it is
/// ready at its first instruction (<see cref="ReportStarted"/>); the batch completes when every fork's
/// <see cref="Ticket"/> is settled, normally by that stamp on the engine thread. A stop or pause that follows the
/// reply is safe even though the instance actor may not yet know its instance runs: the runner's flags are fenced
/// against the machine's publication. Thread-safe; completes at most once.
/// </summary>
internal sealed class ForkStartTracker
{
    private readonly long _requestTimestamp;
    private readonly Action<ForkStartTracker> _complete;
    private readonly Action<double>? _perFork;
    private int _remaining;
    private int _completed;
    private long _lastStartTimestamp;
    private int _started;
    private int _failed;

    /// <param name="count">Forks in the batch.</param>
    /// <param name="requestTimestamp"><see cref="Stopwatch.GetTimestamp"/> when the request arrived.</param>
    /// <param name="complete">Called once, when every fork is confirmed (or on <see cref="ForceComplete"/>).</param>
    /// <param name="perFork">Called with each fork's time to first instruction in microseconds (for the node's stats).</param>
    public ForkStartTracker(int count, long requestTimestamp, Action<ForkStartTracker> complete, Action<double>? perFork = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _remaining = count;
        _requestTimestamp = requestTimestamp;
        _complete = complete;
        _perFork = perFork;
    }

    /// <summary>Forks that reached their first instruction.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>Forks that failed before their first instruction.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>From the request to the last fork's first instruction, in microseconds; null when none got there.</summary>
    public double? FirstInstructionMicroseconds
    {
        get
        {
            var last = Interlocked.Read(ref _lastStartTimestamp);
            return last == 0 ? null : Stopwatch.GetElapsedTime(_requestTimestamp, last).TotalMicroseconds;
        }
    }

    /// <summary>A fork is ready at its first instruction (called on its engine thread).</summary>
    public void ReportStarted()
    {
        var now = Stopwatch.GetTimestamp();
        _perFork?.Invoke(Stopwatch.GetElapsedTime(_requestTimestamp, now).TotalMicroseconds);
        // Later forks of a batch start later; keep the latest stamp even when reports race.
        long seen;
        do
        {
            seen = Interlocked.Read(ref _lastStartTimestamp);
        }
        while (now > seen && Interlocked.CompareExchange(ref _lastStartTimestamp, now, seen) != seen);

        Interlocked.Increment(ref _started);
    }

    /// <summary>One fork's share of the batch: counted down once, by whichever of its reports comes first.</summary>
    public Ticket NewTicket() => new(this);

    /// <summary>A fork could not be prepared; its instance reports the trap to its owner.</summary>
    public void ReportFailed() => Interlocked.Increment(ref _failed);

    /// <summary>Completes now if it has not yet (a fork that never reported must not hold the reply forever); true if this call completed it.</summary>
    public bool ForceComplete() => TryComplete();

    internal void CountDown()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            TryComplete();
        }
    }

    private bool TryComplete()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }

        _complete(this);
        return true;
    }

    /// <summary>
    /// A fork's place in the batch. The engine thread settles it at the first instruction (or the failure to get
    /// there), so the reply leaves without a hop through the actors; the run node settles it too when the instance
    /// ends or reports, so an instance whose thread never started does not hold the reply. Only the first counts.
    /// </summary>
    internal sealed class Ticket(ForkStartTracker tracker)
    {
        private int _settled;

        public void Started()
        {
            tracker.ReportStarted();
            Settle();
        }

        public void Failed()
        {
            tracker.ReportFailed();
            Settle();
        }

        public void Settle()
        {
            if (Interlocked.Exchange(ref _settled, 1) == 0)
            {
                tracker.CountDown();
            }
        }
    }
}
