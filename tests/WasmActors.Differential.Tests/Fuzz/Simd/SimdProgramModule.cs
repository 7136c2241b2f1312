using WasmActors.Wasm.Model;
using static WasmActors.Differential.Tests.Fuzz.Simd.WasmEncoding;

namespace WasmActors.Differential.Tests.Fuzz.Simd;

/// <summary>
/// Random programs that move v128 values through everything around the SIMD instructions: locals written by the
/// instruction that reads them, block and if results, br_if and br_table carrying a v128, select (typed and not),
/// loops, v128 globals, direct and indirect calls with v128 parameters and results (one returns [i32 v128]), and
/// stores and loads. Each exported program takes (v128, v128, i32) and returns its four v128 locals and an i32, so
/// every value it computed can be compared. The generator's nesting is bounded, so every program terminates.
/// </summary>
internal static class SimdProgramModule
{
    private const int BinaryHelper = 0;    // (v128 v128) -> v128
    private const int MultiValueHelper = 1; // (v128 i32) -> (i32 v128)
    private const int UnaryHelper = 2;     // (v128) -> v128
    private const int Helpers = 3;

    private static readonly FuncType[] HelperTypes =
    [
        new([ValType.V128, ValType.V128], [ValType.V128]),
        new([ValType.V128, ValType.I32], [ValType.I32, ValType.V128]),
        new([ValType.V128], [ValType.V128]),
    ];

    private static readonly FuncType ProgramType =
        new([ValType.V128, ValType.V128, ValType.I32], [ValType.V128, ValType.V128, ValType.V128, ValType.V128, ValType.I32]);

    public static byte[] Build(int seed, int programs)
    {
        var random = new Random(seed);
        var operands = new SimdOperands(random);
        var writer = new SimdProgramWriter(random, operands);
        var module = new List<byte>(Magic);
        Section(module, 1, Vector([.. HelperTypes.Select(t => FunctionType(t.Parameters, t.Results)), FunctionType(ProgramType.Parameters, ProgramType.Results)]));
        Section(module, 3, Vector(Enumerable.Range(0, Helpers + programs).Select(f => Unsigned((uint)Math.Min(f, Helpers)))));
        Section(module, 4, [0x01, 0x70, 0x00, Helpers]); // one funcref table of the helpers
        Section(module, 5, [0x01, 0x00, 0x01]);
        Section(module, 6, Vector([Global(ValType.V128, V128Const(operands.Vector(LaneShape.I32x4))), Global(ValType.V128, V128Const(operands.Vector(LaneShape.F32x4))), Global(ValType.I32, I32Const(0))]));
        Section(module, 7, Vector([Export("memory", 0x02, 0), .. Enumerable.Range(0, programs).Select(p => Export($"program{p}", 0x00, (uint)(Helpers + p)))]));
        Section(module, 9, Vector([[0x00, .. I32Const(0), 0x0B, .. Vector(Enumerable.Range(0, Helpers).Select(h => Unsigned((uint)h)))]]));
        var bodies = new List<byte[]> { writer.BinaryHelperBody(), writer.MultiValueHelperBody(), writer.UnaryHelperBody() };
        for (var p = 0; p < programs; p++)
        {
            bodies.Add(writer.ProgramBody());
        }

        Section(module, 10, Vector(bodies.Select(Sized)));
        Section(module, 11, Vector([DataSegment(0, operands.Bytes(1024))]));
        return [.. module];
    }

    private static byte[] Global(ValType type, byte[] init) => [TypeByte(type), 0x01, .. init, 0x0B];

    /// <summary>The indices the program bodies use: function and type indices of the helpers, and their locals.</summary>
    internal static class Layout
    {
        public const int BinaryHelperFunction = BinaryHelper;
        public const int MultiValueHelperFunction = MultiValueHelper;
        public const int UnaryHelperFunction = UnaryHelper;

        /// <summary>
        /// v128 parameters 0 and 1, i32 parameter 2; v128 locals 3..6 and 7 (scratch for NaN removal); i32 locals 8
        /// (scratch) and 9.. (a loop counter for each depth).
        /// </summary>
        public static readonly int[] VectorLocals = [0, 1, 3, 4, 5, 6];

        public static readonly int[] WritableVectorLocals = [3, 4, 5, 6];

        public static readonly int[] IntegerLocals = [2, ScratchInteger];

        public const int ScratchVector = 7;

        public const int ScratchInteger = 8;

        public const int FirstLoopCounter = 9;
    }
}
