using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// Executes one <see cref="Op.Simd"/> instruction for the interpreter (one case of its dispatch switch leads here).
/// A v128 operand is two consecutive frame slots, low half first; scalar results are written like any other
/// (i32 and f32 zero-extended to 64 bits).
/// </summary>
// No zeroing of the frame (these switches hold many vector temporaries): every local and stack buffer is written before it is read.
[SkipLocalsInit]
internal static class SimdExecutor
{
    /// <summary>Runs the instruction at <paramref name="ip"/> in frame <paramref name="fr"/>; returns its length.</summary>
    public static int Execute(ref ulong fr, ref int ip, MemoryInstance? memory, ModuleInstance module)
    {
        // The commonest instructions inline, in a method with a small frame; the rest by their operand layout.
        switch (Unsafe.Add(ref ip, 1))
        {
            case 0x00: // v128.load
                Set(ref fr, ref ip, 2, memory!.Load<Vector128<byte>>(Address(ref fr, ref ip, 3, 4)));
                return 5;
            case 0x0B: // v128.store
                memory!.Store(Address(ref fr, ref ip, 2, 4), Get(ref fr, ref ip, 3));
                return 5;
            case 0x4E: // v128.and
                Set(ref fr, ref ip, 2, SimdCommon.And(Get(ref fr, ref ip, 3), Get(ref fr, ref ip, 4)));
                return 5;
            case 0x50: // v128.or
                Set(ref fr, ref ip, 2, SimdCommon.Or(Get(ref fr, ref ip, 3), Get(ref fr, ref ip, 4)));
                return 5;
            case 0x51: // v128.xor
                Set(ref fr, ref ip, 2, SimdCommon.Xor(Get(ref fr, ref ip, 3), Get(ref fr, ref ip, 4)));
                return 5;
            case 0x6E: // i8x16.add
                Set(ref fr, ref ip, 2, SimdCommon.I8x16Add(Get(ref fr, ref ip, 3), Get(ref fr, ref ip, 4)));
                return 5;
            case 0x8E: // i16x8.add
                Set(ref fr, ref ip, 2, SimdCommon.I16x8Add(Get(ref fr, ref ip, 3), Get(ref fr, ref ip, 4)));
                return 5;
            case 0xAE: // i32x4.add
                Set(ref fr, ref ip, 2, SimdCommon.I32x4Add(Get(ref fr, ref ip, 3), Get(ref fr, ref ip, 4)));
                return 5;
            case 0xB5: // i32x4.mul
                Set(ref fr, ref ip, 2, SimdCommon.I32x4Mul(Get(ref fr, ref ip, 3), Get(ref fr, ref ip, 4)));
                return 5;
            case 0xCE: // i64x2.add
                Set(ref fr, ref ip, 2, SimdCommon.I64x2Add(Get(ref fr, ref ip, 3), Get(ref fr, ref ip, 4)));
                return 5;
            case 0xE4: // f32x4.add
                Set(ref fr, ref ip, 2, SimdCommon.F32x4Add(Get(ref fr, ref ip, 3), Get(ref fr, ref ip, 4)));
                return 5;
            case 0xE6: // f32x4.mul
                Set(ref fr, ref ip, 2, SimdCommon.F32x4Mul(Get(ref fr, ref ip, 3), Get(ref fr, ref ip, 4)));
                return 5;
            case 0xF0: // f64x2.add
                Set(ref fr, ref ip, 2, SimdCommon.F64x2Add(Get(ref fr, ref ip, 3), Get(ref fr, ref ip, 4)));
                return 5;
            case 0xF2: // f64x2.mul
                Set(ref fr, ref ip, 2, SimdCommon.F64x2Mul(Get(ref fr, ref ip, 3), Get(ref fr, ref ip, 4)));
                return 5;
            default:
                return ExecuteByForm(ref fr, ref ip, memory, module);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ExecuteByForm(ref ulong fr, ref int ip, MemoryInstance? memory, ModuleInstance module)
    {
        var code = Unsafe.Add(ref ip, 1);
        switch (SimdCode.FormOf(code))
        {
            case SimdForm.Binary:
                Set(ref fr, ref ip, 2, SimdBinary.Apply(code, Get(ref fr, ref ip, 3), Get(ref fr, ref ip, 4)));
                break;
            case SimdForm.Unary:
                Set(ref fr, ref ip, 2, SimdUnary.Apply(code, Get(ref fr, ref ip, 3)));
                break;
            case SimdForm.Shift:
                Set(ref fr, ref ip, 2, SimdLanes.Shift(code, Get(ref fr, ref ip, 3), (int)(uint)Slot(ref fr, ref ip, 4)));
                break;
            case SimdForm.Test:
                Slot(ref fr, ref ip, 2) = SimdLanes.Test(code, Get(ref fr, ref ip, 3));
                break;
            case SimdForm.Ternary: // v128.bitselect
                Set(ref fr, ref ip, 2, SimdCommon.Bitselect(Get(ref fr, ref ip, 3), Get(ref fr, ref ip, 4), Get(ref fr, ref ip, 5)));
                break;

            case SimdForm.Splat:
                Set(ref fr, ref ip, 2, SimdLanes.Splat(code, Slot(ref fr, ref ip, 3)));
                break;
            case SimdForm.ExtractLane:
                Slot(ref fr, ref ip, 2) = SimdLanes.Extract(code, Get(ref fr, ref ip, 3), Unsafe.Add(ref ip, 4));
                break;
            case SimdForm.ReplaceLane:
                Set(ref fr, ref ip, 2, SimdLanes.Replace(code, Get(ref fr, ref ip, 3), Slot(ref fr, ref ip, 4), Unsafe.Add(ref ip, 5)));
                break;
            case SimdForm.Shuffle:
                Set(ref fr, ref ip, 2, SimdLanes.Shuffle(Get(ref fr, ref ip, 3), Get(ref fr, ref ip, 4), ref Unsafe.Add(ref ip, 5)));
                break;
            case SimdForm.Load:
                Set(ref fr, ref ip, 2, SimdMemory.Load(code, memory!, Address(ref fr, ref ip, 3, 4)));
                break;
            case SimdForm.Store:
                memory!.Store(Address(ref fr, ref ip, 2, 4), Get(ref fr, ref ip, 3));
                break;
            case SimdForm.LoadLane:
                Set(ref fr, ref ip, 2, SimdMemory.LoadLane(code, memory!, Address(ref fr, ref ip, 3, 5), Get(ref fr, ref ip, 4), Unsafe.Add(ref ip, 6)));
                break;
            case SimdForm.StoreLane:
                SimdMemory.StoreLane(code, memory!, Address(ref fr, ref ip, 2, 4), Get(ref fr, ref ip, 3), Unsafe.Add(ref ip, 5));
                break;
            case SimdForm.Select:
                Set(ref fr, ref ip, 2, (uint)Slot(ref fr, ref ip, 5) != 0 ? Get(ref fr, ref ip, 3) : Get(ref fr, ref ip, 4));
                break;
            case SimdForm.GlobalGet:
                {
                    Set(ref fr, ref ip, 2, V128Globals.Read(module.Globals[Unsafe.Add(ref ip, 3)]));
                    break;
                }

            case SimdForm.GlobalSet:
                {
                    V128Globals.Write(module.Globals[Unsafe.Add(ref ip, 3)], Get(ref fr, ref ip, 2));
                    break;
                }

            default:
                throw new InvalidOperationException($"bad internal SIMD code {code}");
        }

        return SimdCode.Length(code);
    }

    /// <summary>The slot named by operand <paramref name="k"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref ulong Slot(ref ulong fr, ref int ip, int k) => ref Unsafe.Add(ref fr, Unsafe.Add(ref ip, k));

    /// <summary>The v128 value whose first slot operand <paramref name="k"/> names.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Get(ref ulong fr, ref int ip, int k) =>
        Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.As<ulong, byte>(ref Slot(ref fr, ref ip, k)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Set(ref ulong fr, ref int ip, int k, Vector128<byte> value) =>
        Unsafe.WriteUnaligned(ref Unsafe.As<ulong, byte>(ref Slot(ref fr, ref ip, k)), value);

    /// <summary>The effective address: the i32 operand plus the static offset, without wrapping.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Address(ref ulong fr, ref int ip, int address, int offset) =>
        (uint)Slot(ref fr, ref ip, address) + (ulong)(uint)Unsafe.Add(ref ip, offset);
}
