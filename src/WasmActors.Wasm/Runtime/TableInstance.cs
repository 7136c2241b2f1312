using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Runtime;

/// <summary>A table of references (<see cref="RefValue"/> encoding).</summary>
public sealed class TableInstance : StoreInstance
{
    private readonly uint _maxElements;

    // Null once the elements are resident. While set, the table is pseudo-initialised: it knows its size but
    // holds no elements, and the engine's bounds checks send every access to Materialise (see ResidentElements).
    private Func<ulong[]>? _fault;
    private uint _pendingSize;

    internal TableInstance(TableType type, ulong initialValue, uint maxElements = uint.MaxValue)
    {
        _maxElements = Math.Min(type.Limits.Max ?? uint.MaxValue, maxElements);
        if (type.Limits.Min > _maxElements)
        {
            throw new WasmTrapException($"table of {type.Limits.Min} elements exceeds the limit of {_maxElements}");
        }

        Type = type;
        ResidentElements = new ulong[type.Limits.Min];
        if (initialValue != RefValue.Null)
        {
            Array.Fill(ResidentElements, initialValue);
        }
    }

    /// <summary>
    /// The initialiser from serialised state: a table holding exactly <paramref name="elements"/> (its current
    /// size), with the maximum of <paramref name="type"/>. The array is adopted, not copied.
    /// </summary>
    internal TableInstance(TableType type, ulong[] elements, uint maxElements = uint.MaxValue)
        : this(type, maxElements, (ulong)elements.LongLength)
    {
        ResidentElements = elements;
    }

    /// <summary>A table of <paramref name="size"/> elements whose contents the caller provides.</summary>
    private TableInstance(TableType type, uint maxElements, ulong size)
    {
        _maxElements = Math.Min(type.Limits.Max ?? uint.MaxValue, maxElements);
        if (size > _maxElements)
        {
            throw new WasmTrapException($"table of {size} elements exceeds the limit of {_maxElements}");
        }

        Type = type with { Limits = type.Limits with { Min = (uint)size } };
        ResidentElements = [];
    }

    public TableType Type { get; private set; }

    /// <summary>Maximum size in elements (the type's maximum, capped by the engine limit).</summary>
    public uint MaxElements => _maxElements;

    /// <summary>
    /// The elements; replaced (not resized in place) by <see cref="Grow"/>. Reading them makes a pseudo-initialised
    /// table resident (its fault reference is resolved first).
    /// </summary>
    internal ulong[] Elements => _fault is null ? ResidentElements : Materialise();

    public uint Size => _fault is null ? (uint)ResidentElements.Length : _pendingSize;

    /// <summary>False while the table is pseudo-initialised and its elements have not been fetched.</summary>
    internal bool IsResident => _fault is null;

    /// <summary>
    /// What the engine reads on its hot paths, without a check: the elements, or an empty array while the table is
    /// pseudo-initialised, so that every access fails the bounds check the engine makes anyway and reaches its
    /// slow path, which calls <see cref="Materialise"/> and looks again.
    /// </summary>
    internal ulong[] ResidentElements { get; private set; }

    /// <summary>
    /// The seed's third initialiser: a table of <paramref name="size"/> elements whose contents
    /// <paramref name="fault"/> produces on first touch (it may throw <see cref="WasmTrapException"/>, which traps
    /// the access and leaves the table pseudo-initialised). The array it returns is adopted, not copied.
    /// </summary>
    internal static TableInstance PseudoInitialised(TableType type, uint size, Func<ulong[]> fault, uint maxElements = uint.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return new TableInstance(type, maxElements, (ulong)size) { _fault = fault, _pendingSize = size };
    }

    /// <summary>Makes the table resident (fetching its elements if it is pseudo-initialised) and returns its elements.</summary>
    internal ulong[] Materialise()
    {
        if (_fault is not { } fault)
        {
            return ResidentElements;
        }

        var elements = fault();
        if ((ulong)elements.LongLength != _pendingSize)
        {
            throw new WasmTrapException($"table {Address} was restored with {elements.LongLength} elements, expected {_pendingSize}");
        }

        ResidentElements = elements;
        _fault = null;
        return elements;
    }

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

        var elements = Elements;
        var grown = new ulong[wanted];
        elements.CopyTo(grown, 0);
        if (initialValue != RefValue.Null)
        {
            grown.AsSpan((int)old).Fill(initialValue);
        }

        ResidentElements = grown;
        Type = Type with { Limits = Type.Limits with { Min = (uint)wanted } };
        return (int)old;
    }
}
