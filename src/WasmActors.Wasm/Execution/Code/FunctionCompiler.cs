using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// Compiles one validated function body into the engine's internal code (<see cref="Op"/>): a register-style code
/// whose operands are frame slots, with branch targets resolved, constants and local reads folded into the
/// instructions that use them, and common compare-and-branch pairs fused. The output depends only on the module.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private readonly Instruction[] _body;
    private readonly ModuleInstance _module;
    private readonly FuncType[] _types;
    private readonly ValType[] _resultTypes;

    // Slots, not values: the slots the parameters and locals take, each local's first slot and its width (2 for v128).
    private readonly int _localCount;
    private readonly int[] _localSlots;
    private readonly int[] _localWidths;
    private readonly List<int> _code = [];
    private readonly List<Entry> _stack = [];
    private readonly List<Control> _controls = [];
    private readonly Dictionary<int, Label> _pendingUses = [];
    private int _maxHeight;

    // Peephole state: where the last instruction starts, where its destination operand is (when it wrote the stack
    // top), and where the last comparison starts. A label bound in between clears them (see Fence).
    private int _lastStart = -1;
    private int _lastDst = -1;
    private int _lastCompareStart = -1;

    private FunctionCompiler(WasmFunction function)
    {
        _body = function.Body.Body;
        _module = function.Module;
        _types = function.Module.Types;
        ValType[] locals = [.. function.Type.Parameters, .. function.Body.Locals];
        _localSlots = new int[locals.Length];
        _localWidths = new int[locals.Length];
        for (var i = 0; i < locals.Length; i++)
        {
            _localSlots[i] = _localCount;
            _localWidths[i] = Slots.Of(locals[i]);
            _localCount += _localWidths[i];
        }

        _resultTypes = function.Type.Results;
    }

    public static FunctionCode Compile(WasmFunction function)
    {
        var compiler = new FunctionCompiler(function);
        compiler.CompileBody();
        var code = compiler._code.ToArray();
        ThreadJumps(code);
        return new FunctionCode(code, compiler._localCount, compiler._localCount + compiler._maxHeight);
    }

    /// <summary>
    /// Jump threading, in place (positions do not move): a br to a br goes straight to the final target, and a br to
    /// a one-value return becomes that return (the usual <c>if ... else ... end</c> at the end of a function).
    /// </summary>
    private static void ThreadJumps(int[] code)
    {
        for (var pc = 0; pc < code.Length; pc += OpInfo.Length(code, pc))
        {
            if ((Op)code[pc] != Op.Br)
            {
                continue;
            }

            var target = code[pc + 1];
            for (var hops = 0; hops < 8 && (Op)code[target] == Op.Br && code[target + 1] != target; hops++)
            {
                target = code[target + 1];
            }

            if ((Op)code[target] == Op.Return1)
            {
                code[pc] = (int)Op.Return1;
                code[pc + 1] = code[target + 1];
            }
            else
            {
                code[pc + 1] = target;
            }
        }
    }

    private void CompileBody()
    {
        _controls.Add(new Control(ControlKind.Function, 0, [], _resultTypes));
        for (var i = 0; i < _body.Length; i++)
        {
            if (CompileInstruction(_body[i]))
            {
                SkipUnreachable(ref i);
            }

            if (_controls.Count == 0)
            {
                return;
            }
        }

        throw new InvalidOperationException("function body does not end with end");
    }

    /// <summary>Compiles one instruction; returns true when the code after it is unreachable.</summary>
    private bool CompileInstruction(in Instruction instruction)
    {
        var opcode = instruction.Opcode;
        if (((uint)opcode & 0xFF00) == 0xFD00)
        {
            CompileSimd(instruction);
            return false;
        }

        if (OpMap.Binary(opcode) is Op binary)
        {
            EmitBinary(binary);
            return false;
        }

        if (OpMap.Unary(opcode) is Op unary)
        {
            EmitNumeric(unary, 1, true);
            return false;
        }

        switch (opcode)
        {
            case Opcode.Unreachable:
                Begin(Op.Unreachable);
                return true;
            case Opcode.Nop:
                return false;
            case Opcode.Block:
            case Opcode.Loop:
                BeginBlock(opcode == Opcode.Loop ? ControlKind.Loop : ControlKind.Block, instruction.BlockType.Resolve(_types));
                return false;
            case Opcode.If:
                BeginIf(instruction.BlockType.Resolve(_types));
                return false;
            case Opcode.Else:
                CompileElse();
                return false;
            case Opcode.End:
                CompileEnd();
                return false;
            case Opcode.Br:
                EmitBranch(instruction.A);
                return true;
            case Opcode.BrIf:
                EmitBranchIf(instruction.A);
                return false;
            case Opcode.BrTable:
                EmitBranchTable(instruction.Labels ?? [], instruction.A);
                return true;
            case Opcode.Return:
                EmitReturn();
                return true;
            case Opcode.Call:
                EmitCall(instruction.A);
                return false;
            case Opcode.CallIndirect:
                EmitCallIndirect(instruction.A, instruction.B);
                return false;
            case Opcode.Drop:
                Pop(1);
                return false;
            case Opcode.Select:
            case Opcode.SelectTyped:
                if (_stack[^2].Width == 2)
                {
                    EmitSimd(SimdCode.SelectV128, 3, 2);
                }
                else
                {
                    EmitNumeric(Op.Select, 3, true);
                }

                return false;
            case Opcode.LocalGet:
                PushLocal((int)instruction.A);
                return false;
            case Opcode.LocalSet:
                SetLocal((int)instruction.A);
                return false;
            case Opcode.LocalTee:
                SetLocal((int)instruction.A);
                PushLocal((int)instruction.A);
                return false;
            case Opcode.GlobalGet when IsV128Global(instruction.A):
                EmitSimd(SimdCode.GlobalGetV128, 0, 2, (int)instruction.A);
                return false;
            case Opcode.GlobalSet when IsV128Global(instruction.A):
                EmitSimd(SimdCode.GlobalSetV128, 1, 0, (int)instruction.A);
                return false;
            case Opcode.GlobalGet:
                EmitNumeric(Op.GlobalGet, 0, true, (int)instruction.A);
                return false;
            case Opcode.GlobalSet:
                EmitNumeric(Op.GlobalSet, 1, false, (int)instruction.A);
                return false;
            case Opcode.I32Const:
            case Opcode.I64Const:
            case Opcode.F32Const:
            case Opcode.F64Const:
                PushLazy(new Entry(EntryKind.Constant, 0, instruction.C));
                return false;
            case Opcode.RefNull:
                PushLazy(new Entry(EntryKind.Constant, 0, RefValue.Null));
                return false;
            case Opcode.RefFunc:
                EmitNumeric(Op.RefFunc, 0, true, (int)instruction.A);
                return false;
            default:
                CompileMemoryOrTable(instruction);
                return false;
        }
    }

    private void CompileMemoryOrTable(in Instruction instruction)
    {
        var a = (int)instruction.A;
        var b = (int)instruction.B;
        switch (instruction.Opcode)
        {
            case Opcode.I32Load or Opcode.F32Load or Opcode.I64Load32U:
                EmitLoad(Op.I32Load, instruction);
                break;
            case Opcode.I64Load or Opcode.F64Load:
                EmitLoad(Op.I64Load, instruction);
                break;
            case Opcode.I32Load8S:
                EmitLoad(Op.I32Load8S, instruction);
                break;
            case Opcode.I32Load8U or Opcode.I64Load8U:
                EmitLoad(Op.I32Load8U, instruction);
                break;
            case Opcode.I32Load16S:
                EmitLoad(Op.I32Load16S, instruction);
                break;
            case Opcode.I32Load16U or Opcode.I64Load16U:
                EmitLoad(Op.I32Load16U, instruction);
                break;
            case Opcode.I64Load8S:
                EmitLoad(Op.I64Load8S, instruction);
                break;
            case Opcode.I64Load16S:
                EmitLoad(Op.I64Load16S, instruction);
                break;
            case Opcode.I64Load32S:
                EmitLoad(Op.I64Load32S, instruction);
                break;
            case Opcode.I32Store or Opcode.F32Store or Opcode.I64Store32:
                EmitStore(Op.I32Store, instruction);
                break;
            case Opcode.I64Store or Opcode.F64Store:
                EmitStore(Op.I64Store, instruction);
                break;
            case Opcode.I32Store8 or Opcode.I64Store8:
                EmitStore(Op.I32Store8, instruction);
                break;
            case Opcode.I32Store16 or Opcode.I64Store16:
                EmitStore(Op.I32Store16, instruction);
                break;
            case Opcode.MemorySize:
                RequireMemoryZero(a);
                EmitNumeric(Op.MemorySize, 0, true);
                break;
            case Opcode.MemoryGrow:
                RequireMemoryZero(a);
                EmitNumeric(Op.MemoryGrow, 1, true);
                break;
            case Opcode.MemoryFill:
                RequireMemoryZero(a);
                EmitNumeric(Op.MemoryFill, 3, false);
                break;
            case Opcode.MemoryCopy:
                RequireMemoryZero(a);
                RequireMemoryZero(b);
                EmitNumeric(Op.MemoryCopy, 3, false);
                break;
            case Opcode.MemoryInit:
                RequireMemoryZero(b);
                EmitNumeric(Op.MemoryInit, 3, false, a);
                break;
            case Opcode.DataDrop:
                EmitNumeric(Op.DataDrop, 0, false, a);
                break;
            case Opcode.TableGet:
                EmitNumeric(Op.TableGet, 1, true, a);
                break;
            case Opcode.TableSet:
                EmitNumeric(Op.TableSet, 2, false, a);
                break;
            case Opcode.TableSize:
                EmitNumeric(Op.TableSize, 0, true, a);
                break;
            case Opcode.TableGrow:
                EmitNumeric(Op.TableGrow, 2, true, a);
                break;
            case Opcode.TableFill:
                EmitNumeric(Op.TableFill, 3, false, a);
                break;
            case Opcode.TableCopy:
                EmitNumeric(Op.TableCopy, 3, false, a, b);
                break;
            case Opcode.TableInit:
                EmitNumeric(Op.TableInit, 3, false, a, b);
                break;
            case Opcode.ElemDrop:
                EmitNumeric(Op.ElemDrop, 0, false, a);
                break;
            default:
                throw new InvalidOperationException($"the engine cannot compile {instruction.Opcode}");
        }
    }

    private static void RequireMemoryZero(int index)
    {
        if (index != 0)
        {
            throw new InvalidOperationException("only memory 0 exists in Wasm 2.0");
        }
    }

    private void BeginBlock(ControlKind kind, FuncType type)
    {
        MaterializeBlock();
        var control = new Control(kind, Height - type.Parameters.Length, type.Parameters, type.Results);
        _controls.Add(control);
        if (kind == ControlKind.Loop)
        {
            control.Label.Target = _code.Count;
            Fence();
        }
    }

    private void BeginIf(FuncType type)
    {
        var condition = PopCondition();
        MaterializeBlock();
        var control = new Control(ControlKind.If, Height - type.Parameters.Length, type.Parameters, type.Results)
        {
            Else = new Label(),
        };
        EmitConditionalJump(condition.Negated, control.Else);
        _controls.Add(control);
    }

    private void CompileElse()
    {
        var control = _controls[^1];
        if (!control.Dead)
        {
            MaterializeTop(control.Results);
            Begin(Op.Br);
            EmitLabel(control.Label);
        }

        Bind(control.Else!);
        Fence();
        control.Else = null;
        control.Dead = false;
        ResetStack(control.Height, control.ParamTypes);
    }

    private void CompileEnd()
    {
        var control = _controls[^1];
        if (!control.Dead)
        {
            MaterializeTop(control.Results);
        }

        if (control.Else is { } elseLabel)
        {
            Bind(elseLabel);
        }

        if (control.Kind == ControlKind.Function)
        {
            if (!control.Dead)
            {
                EmitReturn();
            }

            _controls.RemoveAt(_controls.Count - 1);
            return;
        }

        if (control.Kind != ControlKind.Loop)
        {
            Bind(control.Label);
        }

        _controls.RemoveAt(_controls.Count - 1);
        ResetStack(control.Height, control.ResultTypes);
    }

    private void PushLocal(int index) => PushLazy(new Entry(EntryKind.Local, _localSlots[index], 0, _localWidths[index]));

    private bool IsV128Global(uint index) => _module.Globals[index].Type.Type == ValType.V128;

    private void SetLocal(int index)
    {
        var local = _localSlots[index];
        var position = Height - 1;
        var entry = _stack[position];
        Pop(1);
        MaterializeReadersOf(local);
        switch (entry.Kind)
        {
            case EntryKind.Home when _lastDst >= 0 && _code[_lastDst] == entry.Slot:
                // The value was just computed: compute it straight into the local instead.
                _code[_lastDst] = local;
                Fence();
                break;
            case EntryKind.Home:
                EmitCopy(local, entry.Slot, entry.Width);
                break;
            case EntryKind.Local:
                if (entry.Local != local)
                {
                    EmitCopy(local, entry.Local, entry.Width);
                }

                break;
            default:
                EmitConstant(local, entry.Constant);
                break;
        }
    }

    private void EmitCall(uint functionIndex)
    {
        var type = _module.Functions[functionIndex].Type;
        var baseSlot = PrepareArguments(type.Parameters.Length);
        Emit(Op.Call, (int)functionIndex, baseSlot);
        ResetStack(Height, type.Results);
    }

    private void EmitCallIndirect(uint typeIndex, uint tableIndex)
    {
        var type = _types[typeIndex];
        var index = PopSlot();
        var baseSlot = PrepareArguments(type.Parameters.Length);
        Begin(Op.CallIndirect);
        _code.Add((int)typeIndex);
        _code.Add((int)tableIndex);
        _code.Add(baseSlot);
        _code.Add(index);
        ResetStack(Height, type.Results);
    }

    /// <summary>Puts the arguments in their home slots (the callee's frame starts there) and pops them.</summary>
    private int PrepareArguments(int count)
    {
        MaterializeTop(count);
        var baseSlot = HomeSlot(Height - count);
        Pop(count);
        return baseSlot;
    }

    private void EmitLoad(Op op, in Instruction instruction)
    {
        RequireMemoryZero((int)instruction.B);
        EmitNumeric(op, 1, true, (int)(uint)instruction.C);
    }

    private void EmitStore(Op op, in Instruction instruction)
    {
        RequireMemoryZero((int)instruction.B);
        EmitNumeric(op, 2, false, (int)(uint)instruction.C);
    }

    /// <summary>A binary operator, in its immediate form when the right operand is a small enough constant.</summary>
    private void EmitBinary(Op op)
    {
        if (TopIsConstant(out var constant))
        {
            var immediateOp = OpMap.WithImmediate(op);
            var value = (long)constant;
            var fits = !OpMap.Is64BitInteger(op) || value is >= int.MinValue and <= int.MaxValue;
            if (immediateOp is null && op is Op.I32Sub or Op.I64Sub && fits && value != int.MinValue)
            {
                immediateOp = op == Op.I32Sub ? Op.I32AddImm : Op.I64AddImm;
                value = -value;
            }

            if (immediateOp is Op immediate && fits)
            {
                Pop(1);
                EmitNumeric(immediate, 1, true, (int)value);
                return;
            }
        }

        EmitNumeric(op, 2, true);
    }

    /// <summary>
    /// The general form: pops <paramref name="inputs"/> operands, emits op [dst] operand-slots... immediates...,
    /// and pushes the result (in the home slot of the first operand) when there is one.
    /// </summary>
    private void EmitNumeric(Op op, int inputs, bool hasResult, params ReadOnlySpan<int> immediates)
    {
        Span<int> slots = stackalloc int[inputs];
        for (var k = inputs - 1; k >= 0; k--)
        {
            slots[k] = PopSlot();
        }

        var start = Begin(op);
        var dstPosition = -1;
        if (hasResult)
        {
            dstPosition = _code.Count;
            _code.Add(HomeSlot(Height));
        }

        foreach (var slot in slots)
        {
            _code.Add(slot);
        }

        foreach (var immediate in immediates)
        {
            _code.Add(immediate);
        }

        if (hasResult)
        {
            PushResult(dstPosition);
            if (OpMap.BranchOn(op) is not null || op is Op.I32Eqz or Op.I64Eqz)
            {
                _lastCompareStart = start;
            }
        }
    }

    private int Begin(Op op)
    {
        _lastStart = _code.Count;
        _lastDst = -1;
        _code.Add((int)op);
        return _lastStart;
    }

    private void Emit(Op op, int a, int b)
    {
        Begin(op);
        _code.Add(a);
        _code.Add(b);
    }

    private int EmitConstant(int slot, ulong value)
    {
        if (value <= uint.MaxValue)
        {
            Emit(Op.Const32, slot, (int)(uint)value);
        }
        else
        {
            Begin(Op.Const64);
            _code.Add(slot);
            _code.Add((int)(uint)value);
            _code.Add((int)(uint)(value >> 32));
        }

        return slot;
    }
}
