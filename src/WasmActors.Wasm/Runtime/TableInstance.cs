using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Runtime;

/// <summary>A table of references (<see cref="RefValue"/> encoding).</summary>
public sealed class TableInstance : StoreInstance
{
    private readonly uint _maxElements;

    public TableInstance(TableType type, ulong initialValue, uint maxElements = uint.MaxValue)
    {
        _maxElements = Math.Min(type.Limits.Max ?? uint.MaxValue, maxElements);
        if (type.Limits.Min > _maxElements)
        {
            throw new WasmTrapException($"table of {type.Limits.Min} elements exceeds the limit of {_maxElements}");
        }

        Type = type;
        Elements = new ulong[type.Limits.Min];
        if (initialValue != RefValue.Null)
        {
            Array.Fill(Elements, initialValue);
        }
    }

    /// <summary>
    /// The initialiser from serialised state: a table holding exactly <paramref name="elements"/> (its current
    /// size), with the maximum of <paramref name="type"/>. The array is adopted, not copied.
    /// </summary>
    public TableInstance(TableType type, ulong[] elements, uint maxElements = uint.MaxValue)
    {
        _maxElements = Math.Min(type.Limits.Max ?? uint.MaxValue, maxElements);
        if ((ulong)elements.LongLength > _maxElements)
        {
            throw new WasmTrapException($"table of {elements.LongLength} elements exceeds the limit of {_maxElements}");
        }

        Type = type with { Limits = type.Limits with { Min = (uint)elements.Length } };
        Elements = elements;
    }

    public TableType Type { get; private set; }

    /// <summary>Maximum size in elements (the type's maximum, capped by the engine limit).</summary>
    public uint MaxElements => _maxElements;

    /// <summary>The elements; replaced (not resized in place) by <see cref="Grow"/>.</summary>
    public ulong[] Elements { get; private set; }

    public uint Size => (uint)Elements.Length;

    /// <summary>Grows by <paramref name="delta"/> elements set to <paramref name="initialValue"/>; returns the old size, or -1 on failure.</summary>
    public int Grow(uint delta, ulong initialValue)
    {
        var old = Size;
        var wanted = (ulong)old + delta;
        if (wanted > _maxElements)
        {
            return -1;
        }

        if (delta == 0)
        {
            return (int)old;
        }

        var grown = new ulong[wanted];
        Elements.CopyTo(grown, 0);
        if (initialValue != RefValue.Null)
        {
            grown.AsSpan((int)old).Fill(initialValue);
        }

        Elements = grown;
        Type = Type with { Limits = Type.Limits with { Min = (uint)wanted } };
        return (int)old;
    }
}
