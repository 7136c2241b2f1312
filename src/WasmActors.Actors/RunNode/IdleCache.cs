namespace WasmActors.Actors.RunNode;

/// <summary>
/// A cache bounded by entry count and total weight that also drops entries unused for longer than an idle timeout.
/// Entries a caller reports as in use (<c>pinned</c>) are never dropped. Time is passed in (in
/// <see cref="System.Diagnostics.Stopwatch"/> ticks), so the owner decides the clock and tests need no waiting.
/// Not thread-safe: an actor owns it.
/// </summary>
internal sealed class IdleCache<TKey, TValue>(int maxEntries, long maxWeight, TimeSpan idleTimeout, Func<TValue, long>? weigh = null)
    where TKey : notnull
{
    private readonly Dictionary<TKey, Slot> _slots = [];
    private long _weight;

    public int Count => _slots.Count;

    public long Weight => _weight;

    public IEnumerable<KeyValuePair<TKey, TValue>> Entries => _slots.Select(s => KeyValuePair.Create(s.Key, s.Value.Value));

    public bool ContainsKey(TKey key) => _slots.ContainsKey(key);

    /// <summary>Finds an entry and marks it used at <paramref name="now"/>.</summary>
    public bool TryGet(TKey key, long now, out TValue value)
    {
        if (_slots.TryGetValue(key, out var slot))
        {
            slot.LastUsed = now;
            value = slot.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Adds or replaces an entry, then drops least recently used unpinned entries over the bounds; returns what was dropped.</summary>
    public IReadOnlyList<KeyValuePair<TKey, TValue>> Set(TKey key, TValue value, long now, Func<TKey, TValue, bool>? pinned = null)
    {
        var dropped = new List<KeyValuePair<TKey, TValue>>();
        if (_slots.Remove(key, out var old))
        {
            _weight -= old.Weight;
            dropped.Add(KeyValuePair.Create(key, old.Value));
        }

        var slot = new Slot(value, weigh?.Invoke(value) ?? 0) { LastUsed = now };
        _slots[key] = slot;
        _weight += slot.Weight;
        while (_slots.Count > maxEntries || _weight > maxWeight)
        {
            var victim = _slots.Where(s => !EqualityComparer<TKey>.Default.Equals(s.Key, key) && pinned?.Invoke(s.Key, s.Value.Value) != true)
                .OrderBy(s => s.Value.LastUsed).Select(s => (KeyValuePair<TKey, Slot>?)s).FirstOrDefault();
            if (victim is not { } v)
            {
                break; // everything else is in use: the bound gives way rather than break a running instance
            }

            Drop(v.Key, dropped);
        }

        return dropped;
    }

    /// <summary>Adds an entry only if it fits the bounds without dropping another (a guess must not displace what is there).</summary>
    public bool TryAddIntoFreeRoom(TKey key, TValue value, long now)
    {
        var weight = weigh?.Invoke(value) ?? 0;
        if (_slots.ContainsKey(key) || _slots.Count >= maxEntries || _weight + weight > maxWeight)
        {
            return false;
        }

        _slots[key] = new Slot(value, weight) { LastUsed = now };
        _weight += weight;
        return true;
    }

    /// <summary>Drops every unpinned entry unused since <paramref name="now"/> minus the idle timeout; returns what was dropped.</summary>
    public IReadOnlyList<KeyValuePair<TKey, TValue>> Sweep(long now, Func<TKey, TValue, bool>? pinned = null)
    {
        var idleTicks = (long)(idleTimeout.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        var dropped = new List<KeyValuePair<TKey, TValue>>();
        foreach (var key in _slots.Where(s => now - s.Value.LastUsed >= idleTicks && pinned?.Invoke(s.Key, s.Value.Value) != true).Select(s => s.Key).ToArray())
        {
            Drop(key, dropped);
        }

        return dropped;
    }

    public bool Remove(TKey key)
    {
        if (!_slots.Remove(key, out var slot))
        {
            return false;
        }

        _weight -= slot.Weight;
        return true;
    }

    private void Drop(TKey key, List<KeyValuePair<TKey, TValue>> dropped)
    {
        if (_slots.Remove(key, out var slot))
        {
            _weight -= slot.Weight;
            dropped.Add(KeyValuePair.Create(key, slot.Value));
        }
    }

    private sealed class Slot(TValue value, long weight)
    {
        public TValue Value { get; } = value;

        public long Weight { get; } = weight;

        public long LastUsed { get; set; }
    }
}
