using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// SIMD instructions (<see cref="Op.Simd"/>, layouts in <see cref="SimdCode"/>). A v128 stays two ulong slots, so the
/// frame, pauses and snapshots look the same whichever tier ran: each instruction takes its operands as vectors, calls
/// the one definition of its semantics (the interpreter's) and leaves its result in a vector local of its first slot.
/// Within straight-line code that no other path enters, later SIMD instructions read that vector; the result is split
/// into its two slots only before an instruction that reads or overwrites one of them as a scalar (a copy, a constant),
/// or that branches, calls or leaves, and before a position another path enters. So the JIT keeps a chain of vector
/// operations, and the scalar address arithmetic between them, in registers, and the slots are complete at every
/// checkpoint, call and exit. The common binary operations, splats and lane moves inline into a few vector instructions; v128.load
/// and v128.store are written out like scalar accesses, through the same caches, with the same miss paths.
/// </summary>
internal sealed partial class IlCompiler
{
    private static readonly MethodInfo PackMethod = Method(typeof(IlSimd), nameof(IlSimd.Pack));
    private static readonly MethodInfo LowMethod = Method(typeof(IlSimd), nameof(IlSimd.Low));
    private static readonly MethodInfo HighMethod = Method(typeof(IlSimd), nameof(IlSimd.High));
    private static readonly MethodInfo VectorStoreMethod = Method(typeof(IlSimd), nameof(IlSimd.Store));
    private static readonly MethodInfo ShuffleMethod = Method(typeof(IlSimd), nameof(IlSimd.Shuffle));
    private static readonly MethodInfo V128GlobalGetMethod = Method(typeof(IlSimd), nameof(IlSimd.GlobalGet));
    private static readonly MethodInfo V128GlobalSetMethod = Method(typeof(IlSimd), nameof(IlSimd.GlobalSet));
    private static readonly MethodInfo BinaryMethod = Method(typeof(SimdBinary), nameof(SimdBinary.Apply));
    private static readonly MethodInfo UnaryMethod = Method(typeof(SimdUnary), nameof(SimdUnary.Apply));
    private static readonly MethodInfo BitselectMethod = Method(typeof(SimdCommon), nameof(SimdCommon.Bitselect));
    private static readonly MethodInfo ShiftMethod = Method(typeof(SimdLanes), nameof(SimdLanes.Shift));
    private static readonly MethodInfo TestMethod = Method(typeof(SimdLanes), nameof(SimdLanes.Test));
    private static readonly MethodInfo SplatMethod = Method(typeof(SimdLanes), nameof(SimdLanes.Splat));
    private static readonly MethodInfo ExtractMethod = Method(typeof(SimdLanes), nameof(SimdLanes.Extract));
    private static readonly MethodInfo ReplaceMethod = Method(typeof(SimdLanes), nameof(SimdLanes.Replace));
    private static readonly MethodInfo VectorLoadMethod = Method(typeof(SimdMemory), nameof(SimdMemory.Load));
    private static readonly MethodInfo LoadLaneMethod = Method(typeof(SimdMemory), nameof(SimdMemory.LoadLane));
    private static readonly MethodInfo StoreLaneMethod = Method(typeof(SimdMemory), nameof(SimdMemory.StoreLane));

    private const int V128Load = 0x00;
    private const int V128Store = 0x0B;
    private const int V128Size = 16;

    // The vector local of each first slot that has held a v128 result, and the first slots whose current value is in
    // that local only (their two ulong locals are stale until released).
    private readonly Dictionary<int, LocalBuilder> _vectorLocals = [];
    private readonly HashSet<int> _heldVectors = [];

    /// <summary>Whether the instruction at <paramref name="pc"/> is a v128.load or v128.store, which bodies write out.</summary>
    private static bool IsVectorLoadOrStore(int[] code, int pc) =>
        (Op)code[pc] == Op.Simd && code[pc + 1] is V128Load or V128Store;

    private void EmitSimd(int pc)
    {
        int At(int k) => _code[pc + k];
        var code = At(1);
        var form = SimdCode.FormOf(code);
        if (ScalarOperand(form) is { } scalar)
        {
            ReleaseVectors(At(scalar), 1);
        }

        switch (form)
        {
            case SimdForm.Binary when SimdCommon.MethodFor(code) is { } common:
                EmitVector(At(3));
                EmitVector(At(4));
                _il.Emit(OpCodes.Call, common);
                EmitStoreVector(At(2));
                break;
            case SimdForm.Binary:
                _il.Emit(OpCodes.Ldc_I4, code);
                EmitVector(At(3));
                EmitVector(At(4));
                _il.Emit(OpCodes.Call, BinaryMethod);
                EmitStoreVector(At(2));
                break;
            case SimdForm.Unary:
                _il.Emit(OpCodes.Ldc_I4, code);
                EmitVector(At(3));
                _il.Emit(OpCodes.Call, UnaryMethod);
                EmitStoreVector(At(2));
                break;
            case SimdForm.Shift:
                _il.Emit(OpCodes.Ldc_I4, code);
                EmitVector(At(3));
                EmitLoad32(At(4));
                _il.Emit(OpCodes.Call, ShiftMethod);
                EmitStoreVector(At(2));
                break;
            case SimdForm.Ternary:
                EmitVector(At(3));
                EmitVector(At(4));
                EmitVector(At(5));
                _il.Emit(OpCodes.Call, BitselectMethod);
                EmitStoreVector(At(2));
                break;
            case SimdForm.Test:
                _il.Emit(OpCodes.Ldc_I4, code);
                EmitVector(At(3));
                _il.Emit(OpCodes.Call, TestMethod);
                EmitStoreScalar(At(2));
                break;
            case SimdForm.Splat:
                _il.Emit(OpCodes.Ldc_I4, code);
                EmitLoad(At(3));
                _il.Emit(OpCodes.Call, SplatMethod);
                EmitStoreVector(At(2));
                break;
            case SimdForm.ExtractLane:
                _il.Emit(OpCodes.Ldc_I4, code);
                EmitVector(At(3));
                _il.Emit(OpCodes.Ldc_I4, At(4));
                _il.Emit(OpCodes.Call, ExtractMethod);
                EmitStoreScalar(At(2));
                break;
            case SimdForm.ReplaceLane:
                _il.Emit(OpCodes.Ldc_I4, code);
                EmitVector(At(3));
                EmitLoad(At(4));
                _il.Emit(OpCodes.Ldc_I4, At(5));
                _il.Emit(OpCodes.Call, ReplaceMethod);
                EmitStoreVector(At(2));
                break;
            case SimdForm.Shuffle:
                EmitVector(At(3));
                EmitVector(At(4));
                for (var k = 5; k < 9; k++)
                {
                    _il.Emit(OpCodes.Ldc_I4, At(k));
                }

                _il.Emit(OpCodes.Call, ShuffleMethod);
                EmitStoreVector(At(2));
                break;
            case SimdForm.Load when code == V128Load && _inlineAccesses:
                EmitVectorLoad(At(3), At(4));
                EmitStoreVector(At(2));
                break;
            case SimdForm.Load:
                _il.Emit(OpCodes.Ldc_I4, code);
                EmitArg(ArgMemory);
                EmitEffectiveAddress(At(3), At(4));
                _il.Emit(OpCodes.Call, VectorLoadMethod);
                EmitStoreVector(At(2));
                break;
            case SimdForm.Store when _inlineAccesses:
                EmitVectorStore(At(2), At(4), At(3));
                break;
            case SimdForm.Store:
                EmitArg(ArgMemory);
                EmitEffectiveAddress(At(2), At(4));
                EmitVector(At(3));
                _il.Emit(OpCodes.Call, VectorStoreMethod);
                break;
            case SimdForm.LoadLane:
                _il.Emit(OpCodes.Ldc_I4, code);
                EmitArg(ArgMemory);
                EmitEffectiveAddress(At(3), At(5));
                EmitVector(At(4));
                _il.Emit(OpCodes.Ldc_I4, At(6));
                _il.Emit(OpCodes.Call, LoadLaneMethod);
                EmitStoreVector(At(2));
                break;
            case SimdForm.StoreLane:
                _il.Emit(OpCodes.Ldc_I4, code);
                EmitArg(ArgMemory);
                EmitEffectiveAddress(At(2), At(4));
                EmitVector(At(3));
                _il.Emit(OpCodes.Ldc_I4, At(5));
                _il.Emit(OpCodes.Call, StoreLaneMethod);
                EmitForgetLastRead(); // the store may have copied the page the last load hit
                break;
            case SimdForm.Select:
                EmitSelectV128(At(2), At(3), At(4), At(5));
                break;
            case SimdForm.GlobalGet:
                EmitArg(ArgModule);
                _il.Emit(OpCodes.Ldc_I4, At(3));
                _il.Emit(OpCodes.Call, V128GlobalGetMethod);
                EmitStoreVector(At(2));
                break;
            case SimdForm.GlobalSet:
                EmitArg(ArgModule);
                EmitVector(At(2));
                _il.Emit(OpCodes.Ldc_I4, At(3));
                _il.Emit(OpCodes.Call, V128GlobalSetMethod);
                break;
            default:
                throw new InvalidOperationException($"bad internal SIMD code {code}");
        }
    }

    /// <summary>The operand (its position in the layout) that a SIMD instruction reads as a scalar slot, if any.</summary>
    private static int? ScalarOperand(SimdForm form) => form switch
    {
        SimdForm.Splat or SimdForm.Load or SimdForm.LoadLane => 3,
        SimdForm.Shift or SimdForm.ReplaceLane => 4,
        SimdForm.Store or SimdForm.StoreLane => 2,
        SimdForm.Select => 5,
        _ => null,
    };

    /// <summary>The v128 whose first slot is <paramref name="slot"/>, as a vector on the evaluation stack.</summary>
    private void EmitVector(int slot)
    {
        if (_heldVectors.Contains(slot))
        {
            _il.Emit(OpCodes.Ldloc, _vectorLocals[slot]);
            return;
        }

        ReleaseVectors(slot, 2);
        EmitLoad(slot);
        EmitLoad(slot + 1);
        _il.Emit(OpCodes.Call, PackMethod);
    }

    /// <summary>The vector on the evaluation stack becomes the value of slots <paramref name="slot"/> and the next, held in a vector local.</summary>
    private void EmitStoreVector(int slot)
    {
        _heldVectors.Remove(slot); // its old value is overwritten whole
        ReleaseVectors(slot, 2);
        if (!_vectorLocals.TryGetValue(slot, out var vector))
        {
            vector = _il.DeclareLocal(typeof(Vector128<byte>));
            _vectorLocals[slot] = vector;
        }

        _il.Emit(OpCodes.Stloc, vector);
        _heldVectors.Add(slot);
    }

    /// <summary>The scalar on the evaluation stack into <paramref name="slot"/>, which may have been half of a held v128.</summary>
    private void EmitStoreScalar(int slot)
    {
        ReleaseVectors(slot, 1);
        EmitStoreAs(slot, typeof(ulong));
    }

    /// <summary>Writes the held v128 values that share a slot with [<paramref name="first"/>, +<paramref name="count"/>) to their slots.</summary>
    private void ReleaseVectors(int first, int count)
    {
        for (var slot = first - 1; slot < first + count; slot++)
        {
            if (_heldVectors.Contains(slot))
            {
                EmitSplitVector(slot);
            }
        }
    }

    /// <summary>
    /// Before an instruction other than a SIMD one: the held v128 values sharing a slot with its operands; all of them
    /// if it branches, calls or leaves, or names slots otherwise than one by one.
    /// </summary>
    private void ReleaseVectorsFor(int pc)
    {
        var op = (Op)_code[pc];
        var operands = OpInfo.Operands(op);
        if (OpInfo.IsCall(op) || !OpInfo.FallsThrough(op) || operands.Any(o => o is not (Operand.Result or Operand.Slot or Operand.Imm)))
        {
            EmitReleaseAll();
            return;
        }

        for (var k = 0; k < operands.Length; k++)
        {
            if (operands[k] is Operand.Result or Operand.Slot)
            {
                ReleaseVectors(_code[pc + 1 + k], 1);
            }
        }
    }

    /// <summary>Writes every held value (v128, or a scalar held in a local of another type) to its slots' own locals.</summary>
    private void EmitReleaseAll()
    {
        EmitReleaseVectors();
        EmitReleaseHeld();
    }

    /// <summary>Writes every held v128 value to its two slots.</summary>
    private void EmitReleaseVectors()
    {
        foreach (var slot in _heldVectors.ToArray())
        {
            EmitSplitVector(slot);
        }
    }

    private void EmitSplitVector(int slot)
    {
        var vector = _vectorLocals[slot];
        _il.Emit(OpCodes.Ldloc, vector);
        _il.Emit(OpCodes.Call, LowMethod);
        EmitStoreAs(slot, typeof(ulong));
        _il.Emit(OpCodes.Ldloc, vector);
        _il.Emit(OpCodes.Call, HighMethod);
        EmitStoreAs(slot + 1, typeof(ulong));
        _heldVectors.Remove(slot);
    }

    /// <summary>Both halves of the chosen operand are read before either is written, as the result may share its slots.</summary>
    private void EmitSelectV128(int dst, int a, int b, int condition)
    {
        ReleaseVectors(a, 2);
        ReleaseVectors(b, 2);
        ReleaseVectors(dst, 2);
        var second = _il.DefineLabel();
        var done = _il.DefineLabel();
        EmitLoad32(condition);
        _il.Emit(OpCodes.Brfalse, second);
        EmitLoad(a);
        EmitLoad(a + 1);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(second);
        EmitLoad(b);
        EmitLoad(b + 1);
        _il.MarkLabel(done);
        EmitStoreAs(dst + 1, typeof(ulong));
        EmitStoreAs(dst, typeof(ulong));
    }

    /// <summary>v128.load written out like <see cref="EmitMemoryLoad"/>: the read cache, else <see cref="MemoryInstance.LoadMiss{T}"/>.</summary>
    private void EmitVectorLoad(int addressSlot, int offset)
    {
        var miss = _il.DefineLabel();
        var done = _il.DefineLabel();
        EmitCacheLookup(0, _lastReadBase, _lastReadPage, addressSlot, offset, V128Size, miss);
        EmitPageByte(_lastReadPage);
        _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(OpCodes.Ldobj, typeof(Vector128<byte>));
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(miss);
        EmitArg(ArgMemory);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Call, LoadMissMethod.MakeGenericMethod(typeof(Vector128<byte>)));
        _il.MarkLabel(done);
    }

    /// <summary>v128.store written out like <see cref="EmitMemoryStore"/>, through the write cache.</summary>
    private void EmitVectorStore(int addressSlot, int offset, int valueSlot)
    {
        // The value is read on both paths below: a held v128 sharing one of its slots is written out once, before
        // they divide, or only the path emitted first would write it.
        if (!_heldVectors.Contains(valueSlot))
        {
            ReleaseVectors(valueSlot, 2);
        }

        var miss = _il.DefineLabel();
        var done = _il.DefineLabel();
        EmitCacheLookup(MemoryInstance.WriteTlbStart, _lastWriteBase, _lastWritePage, addressSlot, offset, V128Size, miss);
        EmitPageByte(_lastWritePage);
        EmitVector(valueSlot);
        _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(OpCodes.Stobj, typeof(Vector128<byte>));
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(miss);
        EmitArg(ArgMemory);
        _il.Emit(OpCodes.Ldloc, _address);
        EmitVector(valueSlot);
        _il.Emit(OpCodes.Call, StoreMissMethod.MakeGenericMethod(typeof(Vector128<byte>)));
        EmitForgetLastRead(); // the miss may have copied the page the last load hit
        _il.MarkLabel(done);
    }

    private static MethodInfo Method(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingMethodException(type.Name, name);
}
