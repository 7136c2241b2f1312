using System.Globalization;
using WasmActors.Wasm.Model;

namespace WasmActors.Differential.Tests.Fuzz;

/// <summary>Trap categories both engines can be mapped to (their messages differ in wording, not in meaning).</summary>
public enum TrapKind
{
    Unreachable,
    MemoryOutOfBounds,
    TableOutOfBounds,
    NullFunction,
    SignatureMismatch,
    IntegerOverflow,
    DivideByZero,
    BadConversion,
    StackOverflow,
    Other,

    /// <summary>
    /// Not a trap: the call used up <see cref="WorkBudget.Fuel"/> (a mutant whose hang limit no longer holds loops
    /// forever). Fuel is counted differently by the two engines, so nothing from that call on is compared.
    /// </summary>
    OutOfBudget,
}

/// <summary>How much work one call may do before the harnesses give up on it.</summary>
public static class WorkBudget
{
    /// <summary>
    /// Wasmtime's fuel (about one unit per instruction) and this engine's (one per taken branch or call, never more
    /// than Wasmtime's count), so this engine never gives up on a call Wasmtime finished. Generated modules stay far
    /// below it; it only stops mutants that loop forever (and would otherwise log until memory runs out).
    /// </summary>
    public const long Fuel = 20_000_000;
}

/// <summary>Hashes of linear memory contents.</summary>
public static class MemoryHashes
{
    public static string Of(ReadOnlySpan<byte> memory) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(memory));
}

/// <summary>
/// A value with its type, as raw bits (i32/f32 zero-extended; references: 0 null, 1 non-null; a v128 keeps its low 64
/// bits in <see cref="Bits"/> and its high 64 bits in <see cref="High"/>).
/// </summary>
public readonly record struct TypedValue(ValType Type, ulong Bits, ulong High = 0)
{
    /// <summary>
    /// Equal as the spec lets two correct engines be: identical bits, except that any NaN equals any NaN (the payload
    /// of a NaN produced by arithmetic is nondeterministic in WebAssembly). A v128 has no lane shape of its own, so
    /// its lanes are compared under both float shapes: each 64-bit half must be equal, or a NaN in both as an f64, or
    /// equal-or-NaN-in-both in each of its two f32 lanes.
    /// </summary>
    public bool SpecEquals(TypedValue other) =>
        Type == other.Type && (Type == ValType.V128
            ? V128HalfSpecEquals(Bits, other.Bits) && V128HalfSpecEquals(High, other.High)
            : Bits == other.Bits || (IsNaN && other.IsNaN));

    public bool IsNaN => Type switch
    {
        ValType.F32 => float.IsNaN(BitConverter.UInt32BitsToSingle((uint)Bits)),
        ValType.F64 => double.IsNaN(BitConverter.UInt64BitsToDouble(Bits)),
        _ => false,
    };

    public override string ToString() => Type switch
    {
        ValType.I32 => $"i32:{(int)(uint)Bits}",
        ValType.I64 => $"i64:{(long)Bits}",
        ValType.F32 => $"f32:{BitConverter.UInt32BitsToSingle((uint)Bits).ToString("R", CultureInfo.InvariantCulture)}(0x{Bits:x8})",
        ValType.F64 => $"f64:{BitConverter.UInt64BitsToDouble(Bits).ToString("R", CultureInfo.InvariantCulture)}(0x{Bits:x16})",
        // Most significant lane first, as i32x4 lanes 3..0, like a 128-bit hex number.
        ValType.V128 => $"v128:0x{High >> 32:x8}_{High & 0xFFFF_FFFF:x8}_{Bits >> 32:x8}_{Bits & 0xFFFF_FFFF:x8}",
        _ => $"{Type.Name()}:{(Bits == 0 ? "null" : "ref")}",
    };

    private static bool V128HalfSpecEquals(ulong a, ulong b) =>
        a == b
        || (double.IsNaN(BitConverter.UInt64BitsToDouble(a)) && double.IsNaN(BitConverter.UInt64BitsToDouble(b)))
        || (F32LaneSpecEquals((uint)a, (uint)b) && F32LaneSpecEquals((uint)(a >> 32), (uint)(b >> 32)));

    private static bool F32LaneSpecEquals(uint a, uint b) =>
        a == b || (float.IsNaN(BitConverter.UInt32BitsToSingle(a)) && float.IsNaN(BitConverter.UInt32BitsToSingle(b)));
}

/// <summary>
/// One call of an export: what it logged, either its results or its trap, and a hash of the exported memory right
/// after it (so a memory difference names the call that made it).
/// </summary>
public sealed record CallOutcome(string Export, IReadOnlyList<TypedValue> Logs, IReadOnlyList<TypedValue> Results, TrapKind? Trap, string? TrapText)
{
    public string MemoryHash { get; init; } = "";

    public string Describe() =>
        $"{Export}: {(Trap is { } trap ? $"trap {trap} ({TrapText})" : "[" + string.Join(", ", Results) + "]")}; logs [{string.Join(", ", Logs)}]";
}

/// <summary>How a whole module ran in one engine; <see cref="Memory"/> is the exported memory at the end (null: none).</summary>
public sealed record ModuleOutcome(TrapKind? InstantiationTrap, string? InstantiationTrapText, IReadOnlyList<CallOutcome> Calls, byte[]? Memory);
