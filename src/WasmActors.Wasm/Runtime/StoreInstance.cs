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

    // Set while the segment is pseudo-initialised: its pieces are fetched on first read, each once. Segments are read
    // only by memory.init (and by snapshot capture), a cold path, so the checks live here.
    private PieceFault? _fault;

    public DataInstance(byte[] bytes)
    {
        _bytes = bytes;
    }

    /// <summary>The segment's bytes; empty once dropped. Reading them fetches every piece a pseudo-initialised segment lacks.</summary>
    public byte[] Bytes => _fault is null ? _bytes : Materialise();

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
    public static DataInstance PseudoInitialised(int length, int pieceSize, Func<int, int, byte[][]> fetch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(pieceSize, 1);
        ArgumentNullException.ThrowIfNull(fetch);
        return length == 0 ? new DataInstance([]) : new DataInstance([]) { _fault = new PieceFault(length, pieceSize, fetch) };
    }

    /// <summary>
    /// The <paramref name="count"/> bytes at <paramref name="offset"/>, which the caller has checked lie within
    /// <see cref="Length"/>; a pseudo-initialised segment fetches only the pieces they span.
    /// </summary>
    public ReadOnlySpan<byte> Read(int offset, int count) =>
        _fault is null ? _bytes.AsSpan(offset, count) : count == 0 ? [] : _fault.Read(offset, count);

    /// <summary>Dropping needs no bytes: a pseudo-initialised segment is dropped without being fetched.</summary>
    public void Drop()
    {
        _bytes = [];
        _fault = null;
        IsDropped = true;
    }

    private byte[] Materialise()
    {
        _bytes = _fault!.All();
        _fault = null;
        return _bytes;
    }

    /// <summary>The pieces of a pseudo-initialised segment, fetched on demand.</summary>
    private sealed class PieceFault(int length, int pieceSize, Func<int, int, byte[][]> fetch)
    {
        private readonly byte[]?[] _pieces = new byte[]?[(int)(((long)length + pieceSize - 1) / pieceSize)];

        public int Length => length;

        public ReadOnlySpan<byte> Read(int offset, int count)
        {
            var first = offset / pieceSize;
            var last = (int)(((long)offset + count - 1) / pieceSize);
            Ensure(first, last);
            var within = offset - (first * pieceSize);
            if (first == last)
            {
                return _pieces[first].AsSpan(within, count);
            }

            var bytes = new byte[count];
            var at = 0;
            for (var i = first; i <= last && at < count; i++, within = 0)
            {
                var part = _pieces[i].AsSpan(within, Math.Min(count - at, _pieces[i]!.Length - within));
                part.CopyTo(bytes.AsSpan(at));
                at += part.Length;
            }

            return bytes;
        }

        public byte[] All()
        {
            Ensure(0, _pieces.Length - 1);
            if (_pieces.Length == 1)
            {
                return _pieces[0]!; // segments are never changed in place, so a whole fetched piece can be shared
            }

            var bytes = new byte[length];
            for (var i = 0; i < _pieces.Length; i++)
            {
                _pieces[i]!.CopyTo(bytes, i * pieceSize);
            }

            return bytes;
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

            var fetched = fetch(low, high - low + 1);
            if (fetched.Length != high - low + 1)
            {
                throw new WasmTrapException($"data segment pieces {low}..{high} came back as {fetched.Length} pieces");
            }

            for (var i = low; i <= high; i++)
            {
                var expected = Math.Min(pieceSize, length - (i * pieceSize));
                if (fetched[i - low].Length != expected)
                {
                    throw new WasmTrapException($"data segment piece {i} has {fetched[i - low].Length} bytes, expected {expected}");
                }
            }

            for (var i = low; i <= high; i++)
            {
                _pieces[i] ??= fetched[i - low];
            }
        }
    }
}
