using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

public sealed partial class Machine
{
    /// <summary>
    /// The interpreter's dispatch loop, written once for the ops declared by <see cref="SpecialOps"/>: the loop that
    /// runs, <c>Interpret</c>, is generated from it with a case added to its switch for every numeric op (declared on
    /// its <see cref="OpSemantics"/> method, which the case calls). This method itself is never called. Hot state lives
    /// in locals: byrefs to the frame's slot 0 and to the next instruction. It returns null to hand the innermost frame
    /// to the CIL tier (see <see cref="Tiering"/>): at a checkpoint of a function whose activations have passed enough
    /// checkpoints (it loops, or is called often), and on a return into a caller that has a compiled body.
    /// </summary>
    [InterpreterTemplate("Interpret")]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private RunStatus? InterpretTemplate()
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
                    if (IsForward(ref codeBase, ref ip, 1))
                    {
                        ip = ref BranchTarget(ref codeBase, ref ip, 1);
                        continue;
                    }

                    ip = ref BranchTarget(ref codeBase, ref ip, 1);
                    goto Checkpoint;

                case Op.BrCopy:
                    MemoryMarshal.CreateSpan(ref Unsafe.Add(ref fr, Unsafe.Add(ref ip, 2)), Unsafe.Add(ref ip, 3))
                        .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref fr, Unsafe.Add(ref ip, 1)), Unsafe.Add(ref ip, 3)));
                    if (IsForward(ref codeBase, ref ip, 4))
                    {
                        ip = ref BranchTarget(ref codeBase, ref ip, 4);
                        continue;
                    }

                    ip = ref BranchTarget(ref codeBase, ref ip, 4);
                    goto Checkpoint;

                case Op.BrIfNez:
                    if ((uint)S(ref fr, ref ip, 1) != 0)
                    {
                        if (IsForward(ref codeBase, ref ip, 2))
                        {
                            ip = ref BranchTarget(ref codeBase, ref ip, 2);
                            continue;
                        }

                        ip = ref BranchTarget(ref codeBase, ref ip, 2);
                        goto Checkpoint;
                    }

                    ip = ref Unsafe.Add(ref ip, 3);
                    continue;

                case Op.BrIfEqz:
                    if ((uint)S(ref fr, ref ip, 1) == 0)
                    {
                        if (IsForward(ref codeBase, ref ip, 2))
                        {
                            ip = ref BranchTarget(ref codeBase, ref ip, 2);
                            continue;
                        }

                        ip = ref BranchTarget(ref codeBase, ref ip, 2);
                        goto Checkpoint;
                    }

                    ip = ref Unsafe.Add(ref ip, 3);
                    continue;

                case Op.BrTable:
                    {
                        var index = (uint)S(ref fr, ref ip, 1);
                        var count = (uint)Unsafe.Add(ref ip, 2);
                        var k = 3 + (int)Math.Min(index, count);
                        if (IsForward(ref codeBase, ref ip, k))
                        {
                            ip = ref BranchTarget(ref codeBase, ref ip, k);
                            continue;
                        }

                        ip = ref BranchTarget(ref codeBase, ref ip, k);
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

                default:
                    throw new InvalidOperationException($"bad internal opcode {ip}");
            }

        Checkpoint:
            // Calls and branches taken backwards (see Checkpoints): the only places a run can pause, so straight-line
            // code and branches forwards stay fast.
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

    /// <summary>The target of the branch at <paramref name="ip"/> whose target is its operand <paramref name="k"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref int BranchTarget(ref int codeBase, ref int ip, int k) => ref Unsafe.Add(ref codeBase, Unsafe.Add(ref ip, k));

    /// <summary>
    /// Whether that branch goes forwards, past no checkpoint (<see cref="Checkpoints.IsLoopBack"/>, by address: the same
    /// comparison of positions).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsForward(ref int codeBase, ref int ip, int k) => Unsafe.IsAddressGreaterThan(ref BranchTarget(ref codeBase, ref ip, k), ref ip);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PcOf(ref int codeBase, ref int ip) => (int)(Unsafe.ByteOffset(ref codeBase, ref ip) >> 2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static MemoryInstance? MemoryOf(ModuleInstance module) => module.Memories.Length != 0 ? module.Memories[0] : null;
}
