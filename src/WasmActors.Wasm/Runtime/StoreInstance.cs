using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Runtime;

/// <summary>
/// Base of the instance kinds a <see cref="Store"/> holds. Every instance has an address (its index in the
/// store's list of that kind), so that snapshots and references can name it.
/// </summary>
public abstract class StoreInstance
{
    /// <summary>Index of this instance in its store's list of the same kind; -1 until added to a store.</summary>
    public int Address { get; internal set; } = -1;
}

/// <summary>
/// Reference values (funcref, externref) as they live in tables, globals and the value stack: 0 is null,
/// a funcref is its function's store address + 1, an externref is the host's id + 1.
/// </summary>
public static class RefValue
{
    public const ulong Null = 0;

    public static ulong FromFunction(FunctionInstance function) => (ulong)function.Address + 1;

    public static ulong FromExtern(ulong hostId) => hostId + 1;

    public static int FunctionAddress(ulong reference) => (int)(reference - 1);

    public static ulong ExternId(ulong reference) => reference - 1;
}

public sealed class GlobalInstance : StoreInstance
{
    public GlobalInstance(GlobalType type, ulong value)
    {
        Type = type;
        Value = value;
    }

    public GlobalType Type { get; }

    /// <summary>The raw value: numeric bits, or a <see cref="RefValue"/>. A field, for the interpreter's speed.</summary>
    public ulong Value;

    /// <summary>For a v128 global, the high 64 bits (<see cref="Value"/> holds the low ones); 0 otherwise.</summary>
    public ulong High;
}

public sealed class ElementInstance : StoreInstance
{
    private ulong[] _elements;

    // Set while the segment is pseudo-initialised: its items are fetched on first read. Segments are read only by
    // table.init (and by snapshot capture), cold paths, so the check lives in the getter.
    private Func<ulong[]>? _fault;

    public ElementInstance(ValType type, ulong[] elements)
    {
        Type = type;
        _elements = elements;
    }

    public ValType Type { get; }

    /// <summary>The segment's references; empty once dropped. Reading them fetches a pseudo-initialised segment's items.</summary>
    public ulong[] Elements => _fault is null ? _elements : Materialise();

    public bool IsDropped { get; private set; }

    /// <summary>False while the segment is pseudo-initialised and its items have not been fetched.</summary>
    public bool IsResident => _fault is null;

    /// <summary>
    /// The seed's third initialiser: a live segment whose items <paramref name="fault"/> produces on first read (it
    /// may throw <see cref="WasmTrapException"/>, which traps the reading instruction and leaves the segment as it was).
    /// </summary>
    public static ElementInstance PseudoInitialised(ValType type, Func<ulong[]> fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return new ElementInstance(type, []) { _fault = fault };
    }

    /// <summary>Dropping needs no items: a pseudo-initialised segment is dropped without being fetched.</summary>
    public void Drop()
    {
        _elements = [];
        _fault = null;
        IsDropped = true;
    }

    private ulong[] Materialise()
    {
        _elements = _fault!();
        _fault = null;
        return _elements;
    }
}

public sealed class DataInstance : StoreInstance
{
    private byte[] _bytes;

    // As for ElementInstance: set while pseudo-initialised; memory.init (a cold path) fetches the bytes.
    private Func<byte[]>? _fault;

    public DataInstance(byte[] bytes)
    {
        _bytes = bytes;
    }

    /// <summary>The segment's bytes; empty once dropped. Reading them fetches a pseudo-initialised segment's bytes.</summary>
    public byte[] Bytes => _fault is null ? _bytes : Materialise();

    public bool IsDropped { get; private set; }

    /// <summary>False while the segment is pseudo-initialised and its bytes have not been fetched.</summary>
    public bool IsResident => _fault is null;

    /// <summary>
    /// The seed's third initialiser: a live segment whose bytes <paramref name="fault"/> produces on first read (it
    /// may throw <see cref="WasmTrapException"/>, which traps the reading instruction and leaves the segment as it was).
    /// </summary>
    public static DataInstance PseudoInitialised(Func<byte[]> fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return new DataInstance([]) { _fault = fault };
    }

    /// <summary>Dropping needs no bytes: a pseudo-initialised segment is dropped without being fetched.</summary>
    public void Drop()
    {
        _bytes = [];
        _fault = null;
        IsDropped = true;
    }

    private byte[] Materialise()
    {
        _bytes = _fault!();
        _fault = null;
        return _bytes;
    }
}
