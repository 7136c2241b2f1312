using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// The interpreter's dispatch loop. Hot state lives in locals: byrefs to the frame's slot 0 and to the next
/// instruction. It returns null to hand the innermost frame to the CIL tier (see <see cref="Tiering"/>): at a checkpoint
/// of a function whose activations have passed enough checkpoints (it loops, or is called often), and on a return
/// into a caller that has a compiled body.
/// </summary>
public sealed partial class Machine
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private RunStatus? Interpret()
    {
        var function = _frames[_depth - 1].Function;
        var fp = _frames[_depth - 1].StackBase;
        var module = function.Module;
        var memory = MemoryOf(module);
        ref var stackBase = ref MemoryMarshal.GetArrayDataReference(_stack);
        ref var fr = ref Unsafe.Add(ref stackBase, fp);
        ref var codeBase = ref MemoryMarshal.GetArrayDataReference(function.Code);
        ref var ip = ref Unsafe.Add(ref codeBase, _frames[_depth - 1].Pc);
        var fuel = _fuel;
        FunctionInstance callee;
        int calleeBase;

        while (true)
        {
            switch ((Op)ip)
            {
                case Op.Unreachable:
                    Numerics.Trap(TrapMessages.Unreachable);
                    continue;

                case Op.Copy:
                    S(ref fr, ref ip, 1) = S(ref fr, ref ip, 2);
                    ip = ref Unsafe.Add(ref ip, 3);
                    continue;

                case Op.Const32:
                    S(ref fr, ref ip, 1) = (uint)Unsafe.Add(ref ip, 2);
                    ip = ref Unsafe.Add(ref ip, 3);
                    continue;

                case Op.Const64:
                    S(ref fr, ref ip, 1) = (uint)Unsafe.Add(ref ip, 2) | ((ulong)(uint)Unsafe.Add(ref ip, 3) << 32);
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.Br:
                    ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 1));
                    goto Checkpoint;

                case Op.BrCopy:
                    MemoryMarshal.CreateSpan(ref Unsafe.Add(ref fr, Unsafe.Add(ref ip, 2)), Unsafe.Add(ref ip, 3))
                        .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref fr, Unsafe.Add(ref ip, 1)), Unsafe.Add(ref ip, 3)));
                    ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 4));
                    goto Checkpoint;

                case Op.BrIfNez:
                    if ((uint)S(ref fr, ref ip, 1) != 0)
                    {
                        ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 2));
                        goto Checkpoint;
                    }

                    ip = ref Unsafe.Add(ref ip, 3);
                    continue;

                case Op.BrIfEqz:
                    if ((uint)S(ref fr, ref ip, 1) == 0)
                    {
                        ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 2));
                        goto Checkpoint;
                    }

                    ip = ref Unsafe.Add(ref ip, 3);
                    continue;

                case Op.BrTable:
                    {
                        var index = (uint)S(ref fr, ref ip, 1);
                        var count = (uint)Unsafe.Add(ref ip, 2);
                        ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3 + (int)Math.Min(index, count)));
                        goto Checkpoint;
                    }

                case Op.Return:
                    goto Return;

                case Op.Return1:
                    fr = S(ref fr, ref ip, 1);
                    goto Return;

                case Op.ReturnN:
                    MemoryMarshal.CreateSpan(ref Unsafe.Add(ref fr, Unsafe.Add(ref ip, 1)), Unsafe.Add(ref ip, 2))
                        .CopyTo(MemoryMarshal.CreateSpan(ref fr, Unsafe.Add(ref ip, 2)));
                    goto Return;

                case Op.Call:
                    callee = module.Functions[Unsafe.Add(ref ip, 1)];
                    calleeBase = Unsafe.Add(ref ip, 2);
                    ip = ref Unsafe.Add(ref ip, 3);
                    goto Call;

                case Op.CallIndirect:
                    callee = ResolveIndirect(module, Unsafe.Add(ref ip, 1), Unsafe.Add(ref ip, 2), (uint)S(ref fr, ref ip, 4));
                    calleeBase = Unsafe.Add(ref ip, 3);
                    ip = ref Unsafe.Add(ref ip, 5);
                    goto Call;

                case Op.Select:
                    S(ref fr, ref ip, 1) = (uint)S(ref fr, ref ip, 4) != 0 ? S(ref fr, ref ip, 2) : S(ref fr, ref ip, 3);
                    ip = ref Unsafe.Add(ref ip, 5);
                    continue;

                case Op.Simd:
                    ip = ref Unsafe.Add(ref ip, SimdExecutor.Execute(ref fr, ref ip, memory, module));
                    continue;

                case Op.GlobalGet:
                    S(ref fr, ref ip, 1) = module.Globals[Unsafe.Add(ref ip, 2)].Value;
                    ip = ref Unsafe.Add(ref ip, 3);
                    continue;

                case Op.GlobalSet:
                    module.Globals[Unsafe.Add(ref ip, 2)].Value = S(ref fr, ref ip, 1);
                    ip = ref Unsafe.Add(ref ip, 3);
                    continue;

                case Op.I32Load:
                    S(ref fr, ref ip, 1) = (ulong)memory!.Load<uint>((uint)S(ref fr, ref ip, 2) + (ulong)(uint)Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.I64Load:
                    S(ref fr, ref ip, 1) = memory!.Load<ulong>((uint)S(ref fr, ref ip, 2) + (ulong)(uint)Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.I32Load8S:
                    S(ref fr, ref ip, 1) = (uint)memory!.Load<sbyte>((uint)S(ref fr, ref ip, 2) + (ulong)(uint)Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.I32Load8U:
                    S(ref fr, ref ip, 1) = (ulong)memory!.Load<byte>((uint)S(ref fr, ref ip, 2) + (ulong)(uint)Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.I32Load16S:
                    S(ref fr, ref ip, 1) = (uint)memory!.Load<short>((uint)S(ref fr, ref ip, 2) + (ulong)(uint)Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.I32Load16U:
                    S(ref fr, ref ip, 1) = (ulong)memory!.Load<ushort>((uint)S(ref fr, ref ip, 2) + (ulong)(uint)Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.I64Load8S:
                    S(ref fr, ref ip, 1) = (ulong)memory!.Load<sbyte>((uint)S(ref fr, ref ip, 2) + (ulong)(uint)Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.I64Load16S:
                    S(ref fr, ref ip, 1) = (ulong)memory!.Load<short>((uint)S(ref fr, ref ip, 2) + (ulong)(uint)Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.I64Load32S:
                    S(ref fr, ref ip, 1) = (ulong)memory!.Load<int>((uint)S(ref fr, ref ip, 2) + (ulong)(uint)Unsafe.Add(ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.I32Store:
                    memory!.Store((uint)S(ref fr, ref ip, 1) + (ulong)(uint)Unsafe.Add(ref ip, 3), (uint)S(ref fr, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.I64Store:
                    memory!.Store((uint)S(ref fr, ref ip, 1) + (ulong)(uint)Unsafe.Add(ref ip, 3), (ulong)S(ref fr, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.I32Store8:
                    memory!.Store((uint)S(ref fr, ref ip, 1) + (ulong)(uint)Unsafe.Add(ref ip, 3), (byte)S(ref fr, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.I32Store16:
                    memory!.Store((uint)S(ref fr, ref ip, 1) + (ulong)(uint)Unsafe.Add(ref ip, 3), (ushort)S(ref fr, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.MemorySize:
                    S(ref fr, ref ip, 1) = memory!.Pages;
                    ip = ref Unsafe.Add(ref ip, 2);
                    continue;

                case Op.MemoryGrow:
                    S(ref fr, ref ip, 1) = (uint)memory!.Grow((uint)S(ref fr, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 3);
                    continue;

                case Op.MemoryFill:
                    memory!.Fill((uint)S(ref fr, ref ip, 1), (byte)S(ref fr, ref ip, 2), (uint)S(ref fr, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.MemoryCopy:
                    memory!.Copy((uint)S(ref fr, ref ip, 1), (uint)S(ref fr, ref ip, 2), (uint)S(ref fr, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.MemoryInit:
                    BulkOps.MemoryInit(memory!, module.Datas[Unsafe.Add(ref ip, 4)], (uint)S(ref fr, ref ip, 1), (uint)S(ref fr, ref ip, 2), (uint)S(ref fr, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 5);
                    continue;

                case Op.DataDrop:
                    module.Datas[Unsafe.Add(ref ip, 1)].Drop();
                    ip = ref Unsafe.Add(ref ip, 2);
                    continue;

                case Op.TableGet:
                    S(ref fr, ref ip, 1) = BulkOps.TableGet(module.Tables[Unsafe.Add(ref ip, 3)], (uint)S(ref fr, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.TableSet:
                    BulkOps.TableSet(module.Tables[Unsafe.Add(ref ip, 3)], (uint)S(ref fr, ref ip, 1), S(ref fr, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 4);
                    continue;

                case Op.TableSize:
                    S(ref fr, ref ip, 1) = module.Tables[Unsafe.Add(ref ip, 2)].Size;
                    ip = ref Unsafe.Add(ref ip, 3);
                    continue;

                case Op.TableGrow:
                    S(ref fr, ref ip, 1) = (uint)module.Tables[Unsafe.Add(ref ip, 4)].Grow((uint)S(ref fr, ref ip, 3), S(ref fr, ref ip, 2));
                    ip = ref Unsafe.Add(ref ip, 5);
                    continue;

                case Op.TableFill:
                    BulkOps.TableFill(module.Tables[Unsafe.Add(ref ip, 4)], (uint)S(ref fr, ref ip, 1), S(ref fr, ref ip, 2), (uint)S(ref fr, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 5);
                    continue;

                case Op.TableCopy:
                    BulkOps.TableCopy(module.Tables[Unsafe.Add(ref ip, 4)], module.Tables[Unsafe.Add(ref ip, 5)], (uint)S(ref fr, ref ip, 1), (uint)S(ref fr, ref ip, 2), (uint)S(ref fr, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 6);
                    continue;

                case Op.TableInit:
                    BulkOps.TableInit(module.Tables[Unsafe.Add(ref ip, 5)], module.Elements[Unsafe.Add(ref ip, 4)], (uint)S(ref fr, ref ip, 1), (uint)S(ref fr, ref ip, 2), (uint)S(ref fr, ref ip, 3));
                    ip = ref Unsafe.Add(ref ip, 6);
                    continue;

                case Op.ElemDrop:
                    module.Elements[Unsafe.Add(ref ip, 1)].Drop();
                    ip = ref Unsafe.Add(ref ip, 2);
                    continue;

                case Op.RefFunc:
                    S(ref fr, ref ip, 1) = RefValue.FromFunction(module.Functions[Unsafe.Add(ref ip, 2)]);
                    ip = ref Unsafe.Add(ref ip, 3);
                    continue;

                case Op.I32Eqz:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (a == 0) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I32Eq:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (a == b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32Ne:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (a != b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32LtS:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = ((int)a < (int)b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32LtU:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (a < b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32GtS:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = ((int)a > (int)b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32GtU:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (a > b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32LeS:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = ((int)a <= (int)b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32LeU:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (a <= b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32GeS:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = ((int)a >= (int)b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32GeU:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (a >= b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32Clz:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (ulong)((uint)BitOperations.LeadingZeroCount(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I32Ctz:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (ulong)((uint)BitOperations.TrailingZeroCount(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I32Popcnt:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (ulong)((uint)BitOperations.PopCount(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I32Add:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(a + b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32Sub:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(a - b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32Mul:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(a * b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32DivS:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(Numerics.I32DivS(a, b));
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32DivU:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(Numerics.I32DivU(a, b));
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32RemS:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(Numerics.I32RemS(a, b));
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32RemU:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(Numerics.I32RemU(a, b));
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32And:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(a & b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32Or:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(a | b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32Xor:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(a ^ b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32Shl:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(a << (int)b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32ShrS:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)((uint)((int)a >> (int)b));
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32ShrU:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(a >> (int)b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32Rotl:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(BitOperations.RotateLeft(a, (int)b));
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32Rotr:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(BitOperations.RotateRight(a, (int)b));
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64Eqz:
                    {
                        var a = S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (a == 0) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64Eq:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (a == b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64Ne:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (a != b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64LtS:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = ((long)a < (long)b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64LtU:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (a < b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64GtS:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = ((long)a > (long)b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64GtU:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (a > b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64LeS:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = ((long)a <= (long)b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64LeU:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (a <= b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64GeS:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = ((long)a >= (long)b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64GeU:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (a >= b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64Clz:
                    {
                        var a = S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (ulong)BitOperations.LeadingZeroCount(a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64Ctz:
                    {
                        var a = S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (ulong)BitOperations.TrailingZeroCount(a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64Popcnt:
                    {
                        var a = S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (ulong)BitOperations.PopCount(a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64Add:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = a + b;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64Sub:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = a - b;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64Mul:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = a * b;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64DivS:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = Numerics.I64DivS(a, b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64DivU:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = Numerics.I64DivU(a, b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64RemS:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = Numerics.I64RemS(a, b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64RemU:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = Numerics.I64RemU(a, b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64And:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = a & b;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64Or:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = a | b;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64Xor:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = a ^ b;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64Shl:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = a << (int)b;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64ShrS:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)((long)a >> (int)b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64ShrU:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = a >> (int)b;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64Rotl:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = BitOperations.RotateLeft(a, (int)b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64Rotr:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = BitOperations.RotateRight(a, (int)b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F32Eq:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        var b = F32(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = (a == b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F32Ne:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        var b = F32(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = (a != b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F32Lt:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        var b = F32(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = (a < b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F32Gt:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        var b = F32(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = (a > b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F32Le:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        var b = F32(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = (a <= b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F32Ge:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        var b = F32(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = (a >= b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F32Abs:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (ulong)(a & 0x7FFF_FFFFu);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F32Neg:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (ulong)(a ^ 0x8000_0000u);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F32Ceil:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = F32Bits(MathF.Ceiling(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F32Floor:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = F32Bits(MathF.Floor(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F32Trunc:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = F32Bits(MathF.Truncate(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F32Nearest:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = F32Bits(MathF.Round(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F32Sqrt:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = F32Bits(MathF.Sqrt(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F32Add:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        var b = F32(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = F32Bits(a + b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F32Sub:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        var b = F32(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = F32Bits(a - b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F32Mul:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        var b = F32(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = F32Bits(a * b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F32Div:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        var b = F32(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = F32Bits(a / b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F32Min:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        var b = F32(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = F32Bits(Numerics.F32Min(a, b));
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F32Max:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        var b = F32(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = F32Bits(Numerics.F32Max(a, b));
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F32Copysign:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var b = (uint)S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)((a & 0x7FFF_FFFFu) | (b & 0x8000_0000u));
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F64Eq:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        var b = F64(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = (a == b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F64Ne:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        var b = F64(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = (a != b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F64Lt:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        var b = F64(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = (a < b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F64Gt:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        var b = F64(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = (a > b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F64Le:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        var b = F64(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = (a <= b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F64Ge:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        var b = F64(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = (a >= b) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F64Abs:
                    {
                        var a = S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = a & 0x7FFF_FFFF_FFFF_FFFFul;
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F64Neg:
                    {
                        var a = S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = a ^ 0x8000_0000_0000_0000ul;
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F64Ceil:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = F64Bits(Math.Ceiling(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F64Floor:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = F64Bits(Math.Floor(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F64Trunc:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = F64Bits(Math.Truncate(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F64Nearest:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = F64Bits(Math.Round(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F64Sqrt:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = F64Bits(Math.Sqrt(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F64Add:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        var b = F64(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = F64Bits(a + b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F64Sub:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        var b = F64(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = F64Bits(a - b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F64Mul:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        var b = F64(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = F64Bits(a * b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F64Div:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        var b = F64(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = F64Bits(a / b);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F64Min:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        var b = F64(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = F64Bits(Numerics.F64Min(a, b));
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F64Max:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        var b = F64(S(ref fr, ref ip, 3));
                        S(ref fr, ref ip, 1) = F64Bits(Numerics.F64Max(a, b));
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.F64Copysign:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var b = S(ref fr, ref ip, 3);
                        S(ref fr, ref ip, 1) = (a & 0x7FFF_FFFF_FFFF_FFFFul) | (b & 0x8000_0000_0000_0000ul);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32WrapI64:
                    {
                        var a = S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (ulong)((uint)a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I32TruncF32S:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = (ulong)(Numerics.I32TruncF32S(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I32TruncSatF32S:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = (ulong)(Numerics.I32TruncSatF32S(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I32TruncF32U:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = (ulong)(Numerics.I32TruncF32U(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I32TruncSatF32U:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = (ulong)(Numerics.I32TruncSatF32U(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I32TruncF64S:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = (ulong)(Numerics.I32TruncF64S(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I32TruncSatF64S:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = (ulong)(Numerics.I32TruncSatF64S(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I32TruncF64U:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = (ulong)(Numerics.I32TruncF64U(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I32TruncSatF64U:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = (ulong)(Numerics.I32TruncSatF64U(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64TruncF32S:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = Numerics.I64TruncF32S(a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64TruncSatF32S:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = Numerics.I64TruncSatF32S(a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64TruncF32U:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = Numerics.I64TruncF32U(a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64TruncSatF32U:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = Numerics.I64TruncSatF32U(a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64TruncF64S:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = Numerics.I64TruncF64S(a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64TruncSatF64S:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = Numerics.I64TruncSatF64S(a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64TruncF64U:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = Numerics.I64TruncF64U(a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64TruncSatF64U:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = Numerics.I64TruncSatF64U(a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64ExtendI32S:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (ulong)(long)(int)a;
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64ExtendI32U:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (ulong)a;
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F32ConvertI32S:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = F32Bits((float)(int)a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F32ConvertI32U:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = F32Bits((float)a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F32ConvertI64S:
                    {
                        var a = S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = F32Bits((float)(long)a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F32ConvertI64U:
                    {
                        var a = S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = F32Bits(Numerics.F32ConvertU64(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F32DemoteF64:
                    {
                        var a = F64(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = F32Bits((float)a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F64ConvertI32S:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = F64Bits((double)(int)a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F64ConvertI32U:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = F64Bits((double)a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F64ConvertI64S:
                    {
                        var a = S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = F64Bits((double)(long)a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F64ConvertI64U:
                    {
                        var a = S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = F64Bits(Numerics.F64ConvertU64(a));
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.F64PromoteF32:
                    {
                        var a = F32(S(ref fr, ref ip, 2));
                        S(ref fr, ref ip, 1) = F64Bits((double)a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I32Extend8S:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (ulong)((uint)(sbyte)a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I32Extend16S:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (ulong)((uint)(short)a);
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64Extend8S:
                    {
                        var a = S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (ulong)(sbyte)a;
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64Extend16S:
                    {
                        var a = S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (ulong)(short)a;
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I64Extend32S:
                    {
                        var a = S(ref fr, ref ip, 2);
                        S(ref fr, ref ip, 1) = (ulong)(int)a;
                        ip = ref Unsafe.Add(ref ip, 3);
                        continue;
                    }

                case Op.I32AddImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(a + (uint)imm);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32MulImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(a * (uint)imm);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32AndImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(a & (uint)imm);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32OrImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(a | (uint)imm);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32XorImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(a ^ (uint)imm);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32ShlImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(a << imm);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32ShrSImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)((uint)((int)a >> imm));
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32ShrUImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)(a >> imm);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32EqImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (a == (uint)imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32NeImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (a != (uint)imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32LtSImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = ((int)a < imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32LtUImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (a < (uint)imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32GtSImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = ((int)a > imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32GtUImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (a > (uint)imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32LeSImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = ((int)a <= imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32LeUImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (a <= (uint)imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32GeSImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = ((int)a >= imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I32GeUImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (a >= (uint)imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64AddImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = a + (ulong)(long)imm;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64MulImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = a * (ulong)(long)imm;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64AndImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = a & (ulong)(long)imm;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64OrImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = a | (ulong)(long)imm;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64XorImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = a ^ (ulong)(long)imm;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64ShlImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = a << imm;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64ShrSImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (ulong)((long)a >> imm);
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64ShrUImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = a >> imm;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64EqImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (a == (ulong)(long)imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64NeImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (a != (ulong)(long)imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64LtSImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = ((long)a < imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64LtUImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (a < (ulong)(long)imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64GtSImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = ((long)a > imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64GtUImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (a > (ulong)(long)imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64LeSImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = ((long)a <= imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64LeUImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (a <= (ulong)(long)imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64GeSImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = ((long)a >= imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.I64GeUImm:
                    {
                        var a = S(ref fr, ref ip, 2);
                        var imm = Unsafe.Add(ref ip, 3);
                        S(ref fr, ref ip, 1) = (a >= (ulong)(long)imm) ? 1UL : 0UL;
                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32Eq:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var b = (uint)S(ref fr, ref ip, 2);
                        if (a == b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32EqImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if (a == (uint)imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32Ne:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var b = (uint)S(ref fr, ref ip, 2);
                        if (a != b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32NeImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if (a != (uint)imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32LtS:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var b = (uint)S(ref fr, ref ip, 2);
                        if ((int)a < (int)b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32LtSImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if ((int)a < imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32LtU:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var b = (uint)S(ref fr, ref ip, 2);
                        if (a < b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32LtUImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if (a < (uint)imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32GtS:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var b = (uint)S(ref fr, ref ip, 2);
                        if ((int)a > (int)b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32GtSImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if ((int)a > imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32GtU:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var b = (uint)S(ref fr, ref ip, 2);
                        if (a > b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32GtUImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if (a > (uint)imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32LeS:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var b = (uint)S(ref fr, ref ip, 2);
                        if ((int)a <= (int)b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32LeSImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if ((int)a <= imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32LeU:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var b = (uint)S(ref fr, ref ip, 2);
                        if (a <= b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32LeUImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if (a <= (uint)imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32GeS:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var b = (uint)S(ref fr, ref ip, 2);
                        if ((int)a >= (int)b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32GeSImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if ((int)a >= imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32GeU:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var b = (uint)S(ref fr, ref ip, 2);
                        if (a >= b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI32GeUImm:
                    {
                        var a = (uint)S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if (a >= (uint)imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64Eq:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var b = S(ref fr, ref ip, 2);
                        if (a == b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64EqImm:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if (a == (ulong)(long)imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64Ne:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var b = S(ref fr, ref ip, 2);
                        if (a != b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64NeImm:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if (a != (ulong)(long)imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64LtS:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var b = S(ref fr, ref ip, 2);
                        if ((long)a < (long)b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64LtSImm:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if ((long)a < imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64LtU:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var b = S(ref fr, ref ip, 2);
                        if (a < b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64LtUImm:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if (a < (ulong)(long)imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64GtS:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var b = S(ref fr, ref ip, 2);
                        if ((long)a > (long)b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64GtSImm:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if ((long)a > imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64GtU:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var b = S(ref fr, ref ip, 2);
                        if (a > b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64GtUImm:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if (a > (ulong)(long)imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64LeS:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var b = S(ref fr, ref ip, 2);
                        if ((long)a <= (long)b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64LeSImm:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if ((long)a <= imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64LeU:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var b = S(ref fr, ref ip, 2);
                        if (a <= b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64LeUImm:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if (a <= (ulong)(long)imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64GeS:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var b = S(ref fr, ref ip, 2);
                        if ((long)a >= (long)b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64GeSImm:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if ((long)a >= imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64GeU:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var b = S(ref fr, ref ip, 2);
                        if (a >= b)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                case Op.BrIfI64GeUImm:
                    {
                        var a = S(ref fr, ref ip, 1);
                        var imm = Unsafe.Add(ref ip, 2);
                        if (a >= (ulong)(long)imm)
                        {
                            ip = ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, 3));
                            goto Checkpoint;
                        }

                        ip = ref Unsafe.Add(ref ip, 4);
                        continue;
                    }

                default:
                    throw new InvalidOperationException($"bad internal opcode {ip}");
            }

        Checkpoint:
            // Taken branches and calls: the only places a run can pause, so the straight-line code stays fast.
            if (--fuel >= 0 && _pauseRequested == 0)
            {
                if (++function.Heat < _tierThreshold || function.TierDisabled)
                {
                    continue;
                }

                // This function is hot (it loops or is called often): continue it in the CIL tier, from this very position.
                _frames[_depth - 1].Pc = PcOf(ref codeBase, ref ip);
                if (function.Body is not null || TryCompileBody(function))
                {
                    _fuel = fuel;
                    return null;
                }

                continue;
            }

            _frames[_depth - 1].Pc = PcOf(ref codeBase, ref ip);
            return Pause(fuel);

        Call:
            if (callee is WasmFunction wasm)
            {
                var target = wasm.Compiled ?? CompiledFunction.Of(wasm);
                var newFp = fp + calleeBase;
                _frames[_depth - 1].Pc = PcOf(ref codeBase, ref ip);
                if (_depth == _frames.Length || newFp + target.FrameSize > _stack.Length)
                {
                    MakeRoom(newFp + target.FrameSize);
                    stackBase = ref MemoryMarshal.GetArrayDataReference(_stack);
                }

                _frames[_depth++] = new Frame(target, newFp, 0);
                function = target;
                fp = newFp;
                fr = ref Unsafe.Add(ref stackBase, fp);
                if (target.LocalCount != target.ParamCount)
                {
                    MemoryMarshal.CreateSpan(ref Unsafe.Add(ref fr, target.ParamCount), target.LocalCount - target.ParamCount).Clear();
                }

                if (!ReferenceEquals(module, target.Module))
                {
                    module = target.Module;
                    memory = MemoryOf(module);
                }

                codeBase = ref MemoryMarshal.GetArrayDataReference(target.Code);
                ip = ref codeBase;
                goto Checkpoint;
            }

            CallHost((HostFunction)callee, module, fp + calleeBase);
            goto Checkpoint;

        Return:
            if (--_depth == 0)
            {
                _fuel = fuel;
                return Complete();
            }

            function = _frames[_depth - 1].Function;
            if (function.Body is not null)
            {
                // A compiled caller continues in its body (a call's return position is always one of its resume points).
                _fuel = fuel;
                return null;
            }

            fp = _frames[_depth - 1].StackBase;
            fr = ref Unsafe.Add(ref stackBase, fp);
            if (!ReferenceEquals(module, function.Module))
            {
                module = function.Module;
                memory = MemoryOf(module);
            }

            codeBase = ref MemoryMarshal.GetArrayDataReference(function.Code);
            ip = ref Unsafe.Add(ref codeBase, _frames[_depth - 1].Pc);
        }
    }

    /// <summary>Operand <paramref name="k"/> of the current instruction, a frame slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref ulong S(ref ulong frame, ref int ip, int k) => ref Unsafe.Add(ref frame, Unsafe.Add(ref ip, k));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float F32(ulong bits) => BitConverter.UInt32BitsToSingle((uint)bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong F32Bits(float value) => BitConverter.SingleToUInt32Bits(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double F64(ulong bits) => BitConverter.UInt64BitsToDouble(bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong F64Bits(double value) => BitConverter.DoubleToUInt64Bits(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PcOf(ref int codeBase, ref int ip) => (int)(Unsafe.ByteOffset(ref codeBase, ref ip) >> 2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static MemoryInstance? MemoryOf(ModuleInstance module) => module.Memories.Length != 0 ? module.Memories[0] : null;
}
