namespace WasmActors.Wasm.Runtime;

/// <summary>
/// The contents of a pseudo-initialised segment: <see cref="Length"/> items in pieces of a fixed length (the last may
/// be shorter), each fetched on first read and kept. Used by one store's instance, on the thread that runs it.
/// </summary>
internal sealed class PagedContents<T>
{
    private readonly int _length;
    private readonly int _pieceLength;
    private readonly Func<int, int, T[][]> _fetch;
    private readonly T[]?[] _pieces;
    private readonly string _what;

    /// <param name="fetch">(first piece, count) → those pieces; may throw <see cref="WasmTrapException"/>.</param>
    /// <param name="what">Names the segment in errors.</param>
    public PagedContents(int length, int pieceLength, Func<int, int, T[][]> fetch, string what)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pieceLength, 1);
        ArgumentNullException.ThrowIfNull(fetch);
        _length = length;
        _pieceLength = pieceLength;
        _fetch = fetch;
        _what = what;
        _pieces = new T[]?[(int)(((long)length + pieceLength - 1) / pieceLength)];
    }

    public int Length => _length;

    /// <summary>The <paramref name="count"/> items at <paramref name="offset"/> (checked by the caller to lie within <see cref="Length"/>).</summary>
    public ReadOnlySpan<T> Read(int offset, int count)
    {
        if (count == 0)
        {
            return [];
        }

        var first = offset / _pieceLength;
        var last = (int)(((long)offset + count - 1) / _pieceLength);
        Ensure(first, last);
        var within = offset - (first * _pieceLength);
        if (first == last)
        {
            return _pieces[first].AsSpan(within, count);
        }

        var items = new T[count];
        var at = 0;
        for (var i = first; i <= last; i++, within = 0)
        {
            var part = _pieces[i].AsSpan(within, Math.Min(count - at, _pieces[i]!.Length - within));
            part.CopyTo(items.AsSpan(at));
            at += part.Length;
        }

        return items;
    }

    /// <summary>Every item, fetching the pieces still missing.</summary>
    public T[] All()
    {
        Ensure(0, _pieces.Length - 1);
        if (_pieces.Length == 1)
        {
            return _pieces[0]!; // segments are never changed in place, so a whole fetched piece can be shared
        }

        var items = new T[_length];
        for (var i = 0; i < _pieces.Length; i++)
        {
            _pieces[i]!.CopyTo(items, i * _pieceLength);
        }

        return items;
    }

    /// <summary>Fetches, in one call, the run of pieces between the first and last missing ones in [first, last].</summary>
    private void Ensure(int first, int last)
    {
        var low = first;
        while (low <= last && _pieces[low] is not null)
        {
            low++;
        }

        if (low > last)
        {
            return;
        }

        var high = last;
        while (_pieces[high] is not null)
        {
            high--;
        }

        var fetched = _fetch(low, high - low + 1);
        if (fetched.Length != high - low + 1)
        {
            throw new WasmTrapException($"{_what}: pieces {low}..{high} came back as {fetched.Length} pieces");
        }

        for (var i = low; i <= high; i++)
        {
            var expected = Math.Min(_pieceLength, _length - (i * _pieceLength));
            if (fetched[i - low].Length != expected)
            {
                throw new WasmTrapException($"{_what}: piece {i} has {fetched[i - low].Length} items, expected {expected}");
            }
        }

        for (var i = low; i <= high; i++)
        {
            _pieces[i] ??= fetched[i - low];
        }
    }
}
