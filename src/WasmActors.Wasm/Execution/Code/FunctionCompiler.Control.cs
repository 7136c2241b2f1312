using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Execution;

/// <summary>Blocks, labels and branches: targets are resolved at compile time, and the values a branch carries are copied by the branch itself.</summary>
internal sealed partial class FunctionCompiler
{
    private enum ControlKind : byte
    {
        Function,
        Block,
        Loop,
        If,
    }

    /// <summary>A branch target. Forward targets are patched when bound; a loop's is bound at its start.</summary>
    private sealed class Label
    {
        public int Target { get; set; } = -1;

        public List<int> Uses { get; } = [];
    }

    private sealed class Control
    {
        public Control(ControlKind kind, int height, ValType[] parameters, ValType[] results)
        {
            Kind = kind;
            Height = height;
            ParamTypes = parameters;
            ResultTypes = results;
        }

        public ControlKind Kind { get; }

        /// <summary>Stack height below the block's parameters.</summary>
        public int Height { get; }

        public ValType[] ParamTypes { get; }

        public ValType[] ResultTypes { get; }

        public int Params => ParamTypes.Length;

        public int Results => ResultTypes.Length;

        public Label Label { get; } = new();

        /// <summary>An if's jump to its else branch (or to its end when it has none); null once bound.</summary>
        public Label? Else { get; set; }

        /// <summary>The rest of the block is unreachable (after br, br_table, return, unreachable).</summary>
        public bool Dead { get; set; }

        /// <summary>Values a branch to this block carries.</summary>
        public int Arity => Kind == ControlKind.Loop ? Params : Results;
    }

    /// <summary>A branch condition: a plain slot tested against zero, or a fused comparison.</summary>
    private readonly record struct Condition(Op Branch, int A, int B)
    {
        public bool HasTwoOperands => Branch is not (Op.BrIfNez or Op.BrIfEqz);

        public Condition Negated => this with { Branch = OpMap.Negate(Branch) };
    }

    private void Bind(Label label)
    {
        label.Target = _code.Count;
        foreach (var use in label.Uses)
        {
            _code[use] = label.Target;
        }

        if (label.Uses.Count > 0)
        {
            // Another path arrives here: the previous instruction can no longer be rewritten.
            Fence();
        }
    }

    private void Fence()
    {
        _lastStart = -1;
        _lastDst = -1;
    }

    private void EmitLabel(Label label)
    {
        if (label.Target < 0)
        {
            label.Uses.Add(_code.Count);
            _pendingUses[_code.Count] = label;
        }

        _code.Add(label.Target);
    }

    /// <summary>Emits a branch target operand that copies the one at <paramref name="position"/>, bound or not.</summary>
    private void EmitTargetLike(int position)
    {
        if (_pendingUses.TryGetValue(position, out var label) && label.Target < 0)
        {
            EmitLabel(label);
        }
        else
        {
            _code.Add(_code[position]);
        }
    }

    /// <summary>
    /// Loop rotation: a jump back to a loop whose first instruction is a conditional branch (the usual
    /// <c>loop (br_if $exit cond) ... (br $loop)</c>) becomes that test, negated, jumping to the instruction after
    /// it, followed by a jump to its target: one dispatch less per iteration. Returns false when it does not apply.
    /// </summary>
    private bool TryEmitRotatedLoopBranch(int target)
    {
        if (target >= _code.Count)
        {
            return false;
        }

        var op = (Op)_code[target];
        if (!OpMap.IsConditionalBranch(op))
        {
            return false;
        }

        var length = OpInfo.FixedLength(op);

        Begin(OpMap.Negate(op));
        for (var k = 1; k < length - 1; k++)
        {
            _code.Add(_code[target + k]);
        }

        _code.Add(target + length);
        Begin(Op.Br);
        EmitTargetLike(target + length - 1);
        return true;
    }

    /// <summary>
    /// Pops the condition of br_if or if. When it was computed by the integer comparison just emitted, that
    /// instruction is taken back and the comparison is fused into the branch.
    /// </summary>
    private Condition PopCondition()
    {
        var position = _stack.Count - 1;
        if (_stack[position].Kind == EntryKind.Home && _lastDst >= 0 && _lastStart == _lastCompareStart && _code[_lastDst] == HomeSlot(position))
        {
            var op = (Op)_code[_lastStart];
            var a = _code[_lastStart + 2];
            Condition? fused = op switch
            {
                Op.I32Eqz => new Condition(Op.BrIfEqz, a, 0),
                Op.I64Eqz => new Condition(Op.BrIfI64EqImm, a, 0),
                _ => OpMap.BranchOn(op) is Op branch ? new Condition(branch, a, _code[_lastStart + 3]) : null,
            };
            if (fused is { } condition)
            {
                _code.RemoveRange(_lastStart, _code.Count - _lastStart);
                Fence();
                _lastCompareStart = -1;
                _stack.RemoveAt(position);
                return condition;
            }
        }

        return new Condition(Op.BrIfNez, PopSlot(), 0);
    }

    private void EmitConditionalJump(Condition condition, Label target)
    {
        Begin(condition.Branch);
        _code.Add(condition.A);
        if (condition.HasTwoOperands)
        {
            _code.Add(condition.B);
        }

        EmitLabel(target);
    }

    private Control ControlAt(uint depth) => _controls[_controls.Count - 1 - (int)depth];

    /// <summary>br: moves the carried values to the target's slots and jumps (or returns, for the function's label).</summary>
    private void EmitBranch(uint depth)
    {
        var target = ControlAt(depth);
        if (target.Kind == ControlKind.Function)
        {
            EmitReturn();
            return;
        }

        var arity = target.Arity;
        var source = _stack.Count - arity;
        if (arity == 1 && source != target.Height)
        {
            // One value: write it straight into the target slot, even from a local or a constant.
            var entry = _stack[source];
            var dst = HomeSlot(target.Height);
            if (entry.Kind == EntryKind.Constant)
            {
                EmitConstant(dst, entry.Constant);
            }
            else
            {
                EmitCopy(dst, entry.Kind == EntryKind.Local ? entry.Local : entry.Slot, entry.Width);
            }

            Begin(Op.Br);
            EmitLabel(target.Label);
            return;
        }

        MaterializeTop(arity);
        if (arity == 0 || source == target.Height)
        {
            if (target.Kind == ControlKind.Loop && TryEmitRotatedLoopBranch(target.Label.Target))
            {
                return;
            }

            Begin(Op.Br);
        }
        else
        {
            Begin(Op.BrCopy);
            _code.Add(HomeSlot(target.Height));
            _code.Add(HomeSlot(source));
            _code.Add(SlotsOfTop(arity));
        }

        EmitLabel(target.Label);
    }

    /// <summary>br_if: the values stay on the stack; when the branch needs to move them, it is a test around a br.</summary>
    private void EmitBranchIf(uint depth)
    {
        var condition = PopCondition();
        var target = ControlAt(depth);
        var arity = target.Kind == ControlKind.Function ? target.Results : target.Arity;
        MaterializeTop(arity);
        if (target.Kind != ControlKind.Function && (arity == 0 || _stack.Count - arity == target.Height))
        {
            EmitConditionalJump(condition, target.Label);
            return;
        }

        var skip = new Label();
        EmitConditionalJump(condition.Negated, skip);
        EmitBranch(depth);
        Bind(skip);
    }

    private void EmitBranchTable(uint[] depths, uint defaultDepth)
    {
        var index = PopSlot();
        var arity = ControlAt(defaultDepth) is var d && d.Kind == ControlKind.Function ? d.Results : d.Arity;
        MaterializeTop(arity);
        var source = _stack.Count - arity;

        Begin(Op.BrTable);
        _code.Add(index);
        _code.Add(depths.Length);
        var table = _code.Count;
        var stubs = new List<(int Entry, uint Depth)>();
        for (var i = 0; i <= depths.Length; i++)
        {
            var depth = i < depths.Length ? depths[i] : defaultDepth;
            var target = ControlAt(depth);
            if (target.Kind != ControlKind.Function && (arity == 0 || source == target.Height))
            {
                EmitLabel(target.Label);
            }
            else
            {
                stubs.Add((table + i, depth));
                _code.Add(-1);
            }
        }

        // Targets that need values moved (or a return) go through a stub placed after the table.
        var stubAt = new Dictionary<uint, int>();
        foreach (var (entry, depth) in stubs)
        {
            if (!stubAt.TryGetValue(depth, out var position))
            {
                position = _code.Count;
                stubAt[depth] = position;
                EmitBranch(depth);
            }

            _code[entry] = position;
        }
    }

    private void EmitReturn()
    {
        var count = _resultTypes.Length;
        if (count == 0)
        {
            Begin(Op.Return);
        }
        else if (count == 1 && _stack[^1].Width == 1)
        {
            var slot = PopSlot();
            Begin(Op.Return1);
            _code.Add(slot);
            PushHome();
        }
        else
        {
            MaterializeTop(count);
            Begin(Op.ReturnN);
            _code.Add(HomeSlot(_stack.Count - count));
            _code.Add(SlotsOfTop(count));
        }
    }

    /// <summary>Skips the unreachable instructions after an unconditional transfer, up to the block's else or end.</summary>
    private void SkipUnreachable(ref int i)
    {
        _controls[^1].Dead = true;
        var nesting = 0;
        while (i + 1 < _body.Length)
        {
            var next = _body[i + 1].Opcode;
            if (next is Model.Opcode.Block or Model.Opcode.Loop or Model.Opcode.If)
            {
                nesting++;
            }
            else if (next == Model.Opcode.End)
            {
                if (nesting == 0)
                {
                    return;
                }

                nesting--;
            }
            else if (next == Model.Opcode.Else && nesting == 0)
            {
                return;
            }

            i++;
        }
    }
}
