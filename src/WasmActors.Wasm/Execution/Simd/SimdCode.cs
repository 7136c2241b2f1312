using WasmActors.Wasm.Model;
using WasmActors.Wasm.Validation;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// The internal code of SIMD instructions: <c>Simd code operands... immediates...</c>, where code is the wasm
/// sub-opcode (0x00..0xFF) or one of the engine's own v128 forms of select and global.get/set. Operand slots of
/// v128 values name the first of their two slots. Layouts after the code, by shape:
/// <list type="bullet">
/// <item>load: dst address offset. store: address value offset.</item>
/// <item>lane load: dst address vector offset lane. lane store: address vector offset lane.</item>
/// <item>shuffle: dst a b, then the 16 lane indices as four little-endian ints.</item>
/// <item>splat, unary, test (any_true, all_true, bitmask): dst a. extract_lane: dst a lane. replace_lane: dst a b lane.</item>
/// <item>binary and shift: dst a b. bitselect: dst a b mask.</item>
/// <item>select: dst a b cond. global.get: dst global. global.set: value global.</item>
/// </list>
/// v128.const is not a SIMD instruction here: it compiles to two 64-bit constants.
/// </summary>
internal static class SimdCode
{
    /// <summary>select on v128 operands.</summary>
    public const int SelectV128 = 0x100;

    /// <summary>global.get of a v128 global.</summary>
    public const int GlobalGetV128 = 0x101;

    /// <summary>global.set of a v128 global.</summary>
    public const int GlobalSetV128 = 0x102;

    private const int Count = 0x103;

    private static readonly SimdForm[] Forms = BuildForms();
    private static readonly int[] Lengths = BuildLengths();

    /// <summary>How the instruction with <paramref name="code"/> uses its operands.</summary>
    public static SimdForm FormOf(int code) => (uint)code < Count ? Forms[code] : SimdForm.Undefined;

    /// <summary>The length in ints of a SIMD instruction with this code, the <see cref="Op.Simd"/> itself included.</summary>
    public static int Length(int code) => (uint)code < Count && Lengths[code] > 0
        ? Lengths[code]
        : throw new InvalidOperationException($"bad internal SIMD code {code}");

    private static SimdForm[] BuildForms()
    {
        var forms = new SimdForm[Count];
        for (var code = 0; code < 0x100; code++)
        {
            forms[code] = SimdSignatures.Of((Opcode)(0xFD00 | code)).Shape switch
            {
                SimdShape.Load => SimdForm.Load,
                SimdShape.Store => SimdForm.Store,
                SimdShape.LoadLane => SimdForm.LoadLane,
                SimdShape.StoreLane => SimdForm.StoreLane,
                SimdShape.Shuffle => SimdForm.Shuffle,
                SimdShape.Splat => SimdForm.Splat,
                SimdShape.ExtractLane => SimdForm.ExtractLane,
                SimdShape.ReplaceLane => SimdForm.ReplaceLane,
                SimdShape.Unary => SimdForm.Unary,
                SimdShape.Binary => SimdForm.Binary,
                SimdShape.Ternary => SimdForm.Ternary,
                SimdShape.Test => SimdForm.Test,
                SimdShape.Shift => SimdForm.Shift,
                _ => SimdForm.Undefined, // v128.const compiles to constants; undefined codes never decode
            };
        }

        forms[SelectV128] = SimdForm.Select;
        forms[GlobalGetV128] = SimdForm.GlobalGet;
        forms[GlobalSetV128] = SimdForm.GlobalSet;
        return forms;
    }

    private static int[] BuildLengths()
    {
        var lengths = new int[Count];
        for (var code = 0; code < Count; code++)
        {
            lengths[code] = Forms[code] switch
            {
                SimdForm.Splat or SimdForm.Unary or SimdForm.Test or SimdForm.GlobalGet or SimdForm.GlobalSet => 4,
                SimdForm.Load or SimdForm.Store or SimdForm.ExtractLane or SimdForm.Binary or SimdForm.Shift => 5,
                SimdForm.StoreLane or SimdForm.ReplaceLane or SimdForm.Ternary or SimdForm.Select => 6,
                SimdForm.LoadLane => 7,
                SimdForm.Shuffle => 9,
                _ => 0,
            };
        }

        return lengths;
    }
}

/// <summary>The operand layout of one SIMD instruction in the internal code (see <see cref="SimdCode"/>).</summary>
internal enum SimdForm : byte
{
    Undefined,
    Load,
    Store,
    LoadLane,
    StoreLane,
    Shuffle,
    Splat,
    ExtractLane,
    ReplaceLane,
    Unary,
    Binary,
    Ternary,
    Test,
    Shift,
    Select,
    GlobalGet,
    GlobalSet,
}
