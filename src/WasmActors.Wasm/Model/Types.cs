namespace WasmActors.Wasm.Model;

/// <summary>A WebAssembly value type; the numeric value is its binary encoding.</summary>
public enum ValType : byte
{
    I32 = 0x7F,
    I64 = 0x7E,
    F32 = 0x7D,
    F64 = 0x7C,
    V128 = 0x7B,
    FuncRef = 0x70,
    ExternRef = 0x6F,
}

/// <summary>The kind of an import or export; the numeric value is its binary encoding.</summary>
public enum ExternalKind : byte
{
    Function = 0,
    Table = 1,
    Memory = 2,
    Global = 3,
}

public static class ValTypes
{
    public static bool IsReference(this ValType type) => type is ValType.FuncRef or ValType.ExternRef;

    public static bool IsNumeric(this ValType type) => type is ValType.I32 or ValType.I64 or ValType.F32 or ValType.F64;

    /// <summary>The text-format name, used in error messages.</summary>
    public static string Name(this ValType type) => type switch
    {
        ValType.I32 => "i32",
        ValType.I64 => "i64",
        ValType.F32 => "f32",
        ValType.F64 => "f64",
        ValType.V128 => "v128",
        ValType.FuncRef => "funcref",
        ValType.ExternRef => "externref",
        _ => $"0x{(byte)type:x2}",
    };
}

/// <summary>A function signature. Compared structurally, as the spec requires for call_indirect and imports.</summary>
public sealed class FuncType : IEquatable<FuncType>
{
    public FuncType(ValType[] parameters, ValType[] results)
    {
        Parameters = parameters;
        Results = results;
    }

    public ValType[] Parameters { get; }

    public ValType[] Results { get; }

    public bool Equals(FuncType? other) =>
        other is not null && Parameters.AsSpan().SequenceEqual(other.Parameters) && Results.AsSpan().SequenceEqual(other.Results);

    public override bool Equals(object? obj) => Equals(obj as FuncType);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var p in Parameters)
        {
            hash.Add(p);
        }

        hash.Add(0xFF);
        foreach (var r in Results)
        {
            hash.Add(r);
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"[{string.Join(' ', Parameters.Select(p => p.Name()))}] -> [{string.Join(' ', Results.Select(r => r.Name()))}]";
}

/// <summary>Size limits of a memory (in 64 KiB pages) or a table (in elements).</summary>
public readonly record struct Limits(uint Min, uint? Max);

public sealed record TableType(ValType ElementType, Limits Limits);

public sealed record MemoryType(Limits Limits);

public sealed record GlobalType(ValType Type, bool Mutable);
