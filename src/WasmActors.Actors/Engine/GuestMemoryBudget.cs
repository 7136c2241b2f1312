namespace WasmActors.Actors.Engine;

/// <summary>
/// A run node's addressable guest memory, summed over its instances (wasmactors.run-node.max-guest-memory). Each
/// instance takes its memory's size when it starts and what it grows by, and gives it all back when it ends; engine
/// threads take from it concurrently.
/// </summary>
internal sealed class GuestMemoryBudget(long? maxBytes)
{
    private long _used;

    public long? MaxBytes => maxBytes;

    public long UsedBytes => Interlocked.Read(ref _used);

    /// <summary>True when nothing more can be taken: new instances are refused.</summary>
    public bool IsFull => maxBytes is { } max && UsedBytes >= max;

    /// <summary>Takes <paramref name="bytes"/> if the bound allows; false (taking nothing) otherwise.</summary>
    public bool TryTake(long bytes)
    {
        if (maxBytes is not { } max)
        {
            Interlocked.Add(ref _used, bytes);
            return true;
        }

        while (true)
        {
            var used = Interlocked.Read(ref _used);
            if (used + bytes > max)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _used, used + bytes, used) == used)
            {
                return true;
            }
        }
    }

    public void Give(long bytes) => Interlocked.Add(ref _used, -bytes);

    /// <summary>How a refusal names the bound.</summary>
    public string Describe() =>
        $"max-guest-memory = {ByteSize.Format(maxBytes ?? 0)} (the node's instances address {ByteSize.Format(UsedBytes)})";
}
