using System.Diagnostics;
using System.Globalization;
using WasmActors.Actors.Configuration;
using WasmActors.Wasm;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Actors.Engine;

/// <summary>
/// Holds one instance to its <see cref="InstanceLimits"/> on its engine thread: memory growth (against its own
/// max-memory and the node's <see cref="GuestMemoryBudget"/>), and output (in total and per second). A limit that
/// ends the program throws a <see cref="WasmTrapException"/> whose reason names it. Fuel is the machine's own
/// counter and wall time the actor's timer; their trap reasons are written here too, so every limit reads alike.
/// </summary>
internal sealed class InstanceGuard(InstanceLimits limits, GuestMemoryBudget? budget) : IMemoryGrowthGate
{
    private long _heldBytes;
    private long _outputBytes;

    // Output rate: a token bucket holding up to one second's worth, refilled as time passes.
    private double _outputTokens = limits.OutputBytesPerSecond ?? 0;
    private long _refilledAt = Stopwatch.GetTimestamp();

    private Store? _store;

    public InstanceLimits Limits => limits;

    /// <summary>
    /// The instance's memory as it is now (the size of its linear memories, grown or not) and the page faults they took,
    /// read from any thread while the program runs: what `ls` shows. Zero before the store is attached.
    /// </summary>
    public (long MemoryBytes, long Faults) Usage =>
        Volatile.Read(ref _store) is { } store ? (store.Memories.Sum(m => (long)m.Length), store.Memories.Sum(m => m.Faults)) : (0, 0);

    /// <summary>Bytes written to stdout and stderr so far.</summary>
    public long OutputBytes => Interlocked.Read(ref _outputBytes);

    public string FuelReason => string.Create(CultureInfo.InvariantCulture, $"limit fuel = {limits.Fuel:N0} reached: all fuel consumed");

    public string WallTimeReason => string.Create(CultureInfo.InvariantCulture, $"limit wall-time = {limits.WallTime?.TotalSeconds:0.###} s reached");

    /// <summary>
    /// Puts the prepared store under the limits before its first instruction: its memory must fit max-memory and the
    /// node's budget (a trap naming the limit otherwise), and every later memory.grow asks here.
    /// </summary>
    public void Attach(Store store)
    {
        var bytes = store.Memories.Sum(m => (long)m.Length);
        if (bytes > limits.MaxMemoryBytes)
        {
            throw new WasmTrapException($"limit max-memory = {ByteSize.Format(limits.MaxMemoryBytes)}: the program starts with {ByteSize.Format(bytes)} of memory");
        }

        if (budget is not null)
        {
            if (!budget.TryTake(bytes))
            {
                throw new WasmTrapException($"limit {budget.Describe()}: no room for this program's {ByteSize.Format(bytes)}");
            }

            Interlocked.Add(ref _heldBytes, bytes);
        }

        foreach (var memory in store.Memories)
        {
            memory.GrowthGate = this;
        }

        Volatile.Write(ref _store, store);
    }

    public bool TryGrow(ulong fromBytes, ulong toBytes)
    {
        var more = (long)(toBytes - fromBytes);
        if ((long)toBytes > limits.MaxMemoryBytes)
        {
            return false;
        }

        if (budget is null)
        {
            return true;
        }

        if (!budget.TryTake(more))
        {
            return false;
        }

        Interlocked.Add(ref _heldBytes, more);
        return true;
    }

    /// <summary>Counts a write of <paramref name="bytes"/> before it leaves; throws the trap when it passes an output limit.</summary>
    public void CountOutput(int bytes)
    {
        var total = Interlocked.Add(ref _outputBytes, bytes);
        if (limits.OutputBytes is { } most && total > most)
        {
            throw new WasmTrapException($"limit output-bytes = {ByteSize.Format(most)} reached (stdout and stderr together)");
        }

        if (limits.OutputBytesPerSecond is { } rate)
        {
            var now = Stopwatch.GetTimestamp();
            _outputTokens = Math.Min(rate, _outputTokens + (Stopwatch.GetElapsedTime(_refilledAt, now).TotalSeconds * rate));
            _refilledAt = now;
            _outputTokens -= bytes;
            if (_outputTokens < 0)
            {
                throw new WasmTrapException($"limit output-bytes-per-second = {ByteSize.Format(rate)} passed (stdout and stderr together)");
            }
        }
    }

    /// <summary>Gives the node's budget back everything this instance took; called once, when it has ended.</summary>
    public void Release()
    {
        var held = Interlocked.Exchange(ref _heldBytes, 0);
        if (held != 0)
        {
            budget?.Give(held);
        }
    }
}
