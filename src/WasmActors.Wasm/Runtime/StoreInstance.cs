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
}

public sealed class ElementInstance : StoreInstance
{
    public ElementInstance(ValType type, ulong[] elements)
    {
        Type = type;
        Elements = elements;
    }

    public ValType Type { get; }

    /// <summary>The segment's references; empty once dropped.</summary>
    public ulong[] Elements { get; private set; }

    public bool IsDropped { get; private set; }

    public void Drop()
    {
        Elements = [];
        IsDropped = true;
    }
}

public sealed class DataInstance : StoreInstance
{
    public DataInstance(byte[] bytes)
    {
        Bytes = bytes;
    }

    /// <summary>The segment's bytes; empty once dropped.</summary>
    public byte[] Bytes { get; private set; }

    public bool IsDropped { get; private set; }

    public void Drop()
    {
        Bytes = [];
        IsDropped = true;
    }
}
