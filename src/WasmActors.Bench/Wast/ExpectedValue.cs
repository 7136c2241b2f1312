using WasmActors.Wasm.Model;

namespace WasmActors.Bench.Wast;

internal enum ExpectedKind
{
    /// <summary>Exactly these bits (NaN payloads included).</summary>
    Exact,

    /// <summary>The canonical NaN of the type, either sign.</summary>
    CanonicalNaN,

    /// <summary>Any NaN whose most significant mantissa bit (the quiet bit) is set, either sign.</summary>
    ArithmeticNaN,

    /// <summary>Any value: only the type was given (results of assert_trap).</summary>
    AnyOfType,
}

/// <summary>One expected result of an assert_return, compared against the engine's raw value.</summary>
internal readonly record struct ExpectedValue(ValType Type, ExpectedKind Kind, ulong Bits)
{
    /// <summary>For an exact v128: the expected lanes (the raw value is two slots, see <see cref="Matches(ReadOnlySpan{ulong})"/>).</summary>
    public ExpectedV128? Vector { get; init; }

    /// <summary>Raw values the result takes: two for a v128, else one.</summary>
    public int Slots => Type == ValType.V128 ? 2 : 1;

    /// <summary>Matches the raw value at the start of <paramref name="slots"/> (<see cref="Slots"/> of them).</summary>
    public bool Matches(ReadOnlySpan<ulong> slots) => Type == ValType.V128
        ? Kind == ExpectedKind.AnyOfType || (Vector is { } vector && vector.Matches(slots[0], slots[1]))
        : Matches(slots[0]);

    private const uint F32SignMask = 0x8000_0000u;
    private const uint F32CanonicalNaN = 0x7FC0_0000u;
    private const ulong F64SignMask = 0x8000_0000_0000_0000ul;
    private const ulong F64CanonicalNaN = 0x7FF8_0000_0000_0000ul;

    public bool Matches(ulong raw)
    {
        // i32 and f32 live in the low 32 bits of a raw value.
        var value = Type is ValType.I32 or ValType.F32 ? raw & uint.MaxValue : raw;
        return Kind switch
        {
            ExpectedKind.Exact => value == Bits,
            ExpectedKind.CanonicalNaN => Type == ValType.F32
                ? ((uint)value & ~F32SignMask) == F32CanonicalNaN
                : (value & ~F64SignMask) == F64CanonicalNaN,

            // The exponent is all ones and the quiet bit is set: exactly the canonical NaN's bits must be present.
            ExpectedKind.ArithmeticNaN => Type == ValType.F32
                ? ((uint)value & F32CanonicalNaN) == F32CanonicalNaN
                : (value & F64CanonicalNaN) == F64CanonicalNaN,
            _ => true,
        };
    }

    public override string ToString() => Kind switch
    {
        ExpectedKind.Exact when Vector is { } vector => vector.ToString(),
        ExpectedKind.Exact => ValueCodec.Format(Type, Bits),
        ExpectedKind.CanonicalNaN => $"{Type.Name()}:nan:canonical",
        ExpectedKind.ArithmeticNaN => $"{Type.Name()}:nan:arithmetic",
        _ => $"{Type.Name()}:any",
    };
}
