using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Runtime;

/// <summary>
/// Base of the instance kinds a <see cref="Store"/> holds. Every instance has an address (its index in the
/// store's list of that kind), so that snapshots and references can name it.
/// </summary>
public abstract class StoreInstance
{
    // The engine's own instance kinds only; a host adds functions as HostFunction.
    private protected StoreInstance()
    {
    }

    /// <summary>Index of this instance in its store's list of the same kind; -1 until added to a store.</summary>
    internal int Address { get; set; } = -1;
}

/// <summary>
/// Reference values (funcref, externref) as they live in tables, globals and the value stack: 0 is null,
/// a funcref is its function's store address + 1, an externref is the host's id + 1.
/// </summary>
internal static class RefValue
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

internal sealed class ElementInstance : StoreInstance
{
    private ulong[] _elements;

    // Set while the segment is pseudo-initialised: its pieces are fetched on first read, each once. Segments are read
    // only by table.init (and by snapshot capture), a cold path, so the checks live here.
    private PagedContents<ulong>? _fault;

    public ElementInstance(ValType type, ulong[] elements)
    {
        Type = type;
        _elements = elements;
    }

    public ValType Type { get; }

    /// <summary>The segment's references; empty once dropped. Reading them fetches every piece a pseudo-initialised segment lacks.</summary>
    public ulong[] Elements => _fault is null ? _elements : Materialise();

    /// <summary>The number of references, known without the contents.</summary>
    public int Length => _fault?.Length ?? _elements.Length;

    public bool IsDropped { get; private set; }

    /// <summary>False while the segment is pseudo-initialised and some of its references have not been fetched.</summary>
    public bool IsResident => _fault is null;

    /// <summary>
    /// The seed's third initialiser: a live segment of <paramref name="length"/> references that arrive on first read,
    /// in pieces of <paramref name="pieceLength"/> (the last may be shorter): <paramref name="fetch"/> (first piece,
    /// count) returns those pieces. It may throw <see cref="WasmTrapException"/>, which traps the reading
    /// instruction; pieces already fetched stay, the others are asked for again next time.
    /// </summary>
    public static ElementInstance PseudoInitialised(ValType type, int length, int pieceLength, Func<int, int, ulong[][]> fetch) =>
        length == 0
            ? new ElementInstance(type, [])
            : new ElementInstance(type, []) { _fault = new PagedContents<ulong>(length, pieceLength, fetch, "element segment") };

    /// <summary>
    /// The <paramref name="count"/> references at <paramref name="offset"/>, which the caller has checked lie within
    /// <see cref="Length"/>; a pseudo-initialised segment fetches only the pieces they span.
    /// </summary>
    public ReadOnlySpan<ulong> Read(int offset, int count) => _fault is null ? _elements.AsSpan(offset, count) : _fault.Read(offset, count);

    /// <summary>Dropping needs no items: a pseudo-initialised segment is dropped without being fetched.</summary>
    public void Drop()
    {
        _elements = [];
        _fault = null;
        IsDropped = true;
    }

    private ulong[] Materialise()
    {
        _elements = _fault!.All();
        _fault = null;
        return _elements;
    }
}

internal sealed class DataInstance : StoreInstance
{
    // A segment of a loaded module is a slice of the module's bytes, not a copy.
    private ReadOnlyMemory<byte> _bytes;

    // As for ElementInstance: set while pseudo-initialised; memory.init (a cold path) fetches the pieces it reads.
    private PagedContents<byte>? _fault;

    public DataInstance(ReadOnlyMemory<byte> bytes)
    {
        _bytes = bytes;
    }

    /// <summary>
    /// The segment's bytes (a copy when they are a slice of the module's); empty once dropped. Reading them fetches
    /// every piece a pseudo-initialised segment lacks.
    /// </summary>
    public byte[] Bytes => _fault is not null ? Materialise() : _bytes.Length == 0 ? [] : _bytes.ToArray();

    /// <summary>The segment's length in bytes, known without its contents.</summary>
    public int Length => _fault?.Length ?? _bytes.Length;

    public bool IsDropped { get; private set; }

    /// <summary>False while the segment is pseudo-initialised and some of its bytes have not been fetched.</summary>
    public bool IsResident => _fault is null;

    /// <summary>
    /// The seed's third initialiser: a live segment of <paramref name="length"/> bytes whose contents arrive on first
    /// read, in pieces of <paramref name="pieceSize"/> bytes (the last may be shorter): <paramref name="fetch"/>
    /// (first piece, count) returns those pieces. It may throw <see cref="WasmTrapException"/>, which traps the
    /// reading instruction; pieces already fetched stay, the others are asked for again next time.
    /// </summary>
    public static DataInstance PseudoInitialised(int length, int pieceSize, Func<int, int, byte[][]> fetch) =>
        length == 0
            ? new DataInstance(ReadOnlyMemory<byte>.Empty)
            : new DataInstance(ReadOnlyMemory<byte>.Empty) { _fault = new PagedContents<byte>(length, pieceSize, fetch, "data segment") };

    /// <summary>
    /// The <paramref name="count"/> bytes at <paramref name="offset"/>, which the caller has checked lie within
    /// <see cref="Length"/>; a pseudo-initialised segment fetches only the pieces they span.
    /// </summary>
    public ReadOnlySpan<byte> Read(int offset, int count) => _fault is null ? _bytes.Span.Slice(offset, count) : _fault.Read(offset, count);

    /// <summary>Dropping needs no bytes: a pseudo-initialised segment is dropped without being fetched.</summary>
    public void Drop()
    {
        _bytes = ReadOnlyMemory<byte>.Empty;
        _fault = null;
        IsDropped = true;
    }

    private byte[] Materialise()
    {
        var all = _fault!.All();
        _bytes = all;
        _fault = null;
        return all;
    }
}
