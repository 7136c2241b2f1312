using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// What a restore can check about one frame slot at a resume position. Slots are untyped 64-bit words, and every bit
/// pattern is a valid number (the i32 and f32 readers look at the low half only) or a valid externref (an opaque host
/// id), so the only value a run could never have put in a slot is a funcref that names no function. The kinds are
/// ordered: the join of two kinds (a slot reached by two paths) is the larger one.
/// </summary>
internal enum SlotKind : byte
{
    /// <summary>Every run last wrote the constant 0 here: a null reference or a zero number.</summary>
    Zero = 1,

    /// <summary>Every run holds a funcref here (or null): it must name a function of the store.</summary>
    FuncRef = 2,

    /// <summary>Anything: a number, an externref, half of a v128, or different kinds on different paths.</summary>
    Any = 3,
}

/// <summary>
/// The kind of every slot of a function's frames at each of its resume positions (<see cref="ResumePositions"/>):
/// parameters and locals by their declared types (a v128 takes two slots), operand-stack slots by a forward data-flow
/// analysis of the internal code — the kind of the value the last write on every path into the position left there
/// (slots nothing wrote yet are <see cref="SlotKind.Any"/>). Built on the first restore that needs it, never on the
/// run path. A position no run reaches has no state: a paused frame cannot stand there.
/// </summary>
internal sealed class SlotKindMap
{
    /// <summary>States held at most (positions × operand slots): beyond it only locals are checked, so a huge hostile function cannot exhaust memory.</summary>
    public const long MaxCells = 1 << 24;

    private readonly CompiledFunction _function;
    private readonly int[] _code;
    private readonly int[] _positions;
    private readonly byte[]?[] _states;
    private readonly int _operandSlots;
    private readonly Queue<int> _work = new();
    private readonly bool[] _queued;

    private SlotKindMap(CompiledFunction function, ResumePositions positions, SlotKind[] locals, bool analyse)
    {
        _function = function;
        _code = function.Code;
        _positions = positions.All;
        Locals = locals;
        _operandSlots = function.FrameSize - function.LocalCount;
        _states = new byte[]?[analyse ? _positions.Length : 0];
        _queued = new bool[_states.Length];
        HasOperandKinds = analyse;
    }

    /// <summary>The kinds of the parameters and declared locals, slot by slot.</summary>
    public SlotKind[] Locals { get; }

    /// <summary>False when the function is too large to analyse: then only its locals are checked.</summary>
    public bool HasOperandKinds { get; }

    public static SlotKindMap Build(CompiledFunction function, ResumePositions positions)
    {
        var locals = LocalKinds(function);
        var cells = (long)positions.All.Length * Math.Max(function.FrameSize - function.LocalCount, 0);
        var map = new SlotKindMap(function, positions, locals, cells <= MaxCells);
        if (map.HasOperandKinds)
        {
            map.Analyse();
        }

        return map;
    }

    /// <summary>
    /// The operand-stack slot kinds at <paramref name="pc"/> (index 0 is the first slot after the locals), or false when
    /// no run reaches it. Only meaningful when <see cref="HasOperandKinds"/>.
    /// </summary>
    public bool TryGetOperands(int pc, out ReadOnlySpan<byte> kinds)
    {
        var index = Array.BinarySearch(_positions, pc);
        if (index < 0 || _states[index] is not { } state)
        {
            kinds = default;
            return false;
        }

        kinds = state;
        return true;
    }

    /// <summary>
    /// Parameters then declared locals, a v128 taking two slots. Should the frame's layout differ (an engine that lays
    /// v128 out otherwise), nothing is known about the locals rather than something wrong.
    /// </summary>
    private static SlotKind[] LocalKinds(CompiledFunction function)
    {
        ValType[] declared = [.. function.Function.Type.Parameters, .. function.Function.Body.Locals];
        var kinds = new List<SlotKind>(declared.Length);
        foreach (var type in declared)
        {
            AddKinds(kinds, type);
        }

        return kinds.Count == function.LocalCount ? [.. kinds] : Enumerable.Repeat(SlotKind.Any, function.LocalCount).ToArray();
    }

    private static void AddKinds(List<SlotKind> kinds, ValType type)
    {
        kinds.Add(type == ValType.FuncRef ? SlotKind.FuncRef : SlotKind.Any);
        if (type == ValType.V128)
        {
            kinds.Add(SlotKind.Any);
        }
    }

    private void Analyse()
    {
        var entry = Array.BinarySearch(_positions, 0);
        if (entry < 0)
        {
            return;
        }

        // Operand slots hold whatever earlier frames left there when a function is entered.
        var start = new byte[_operandSlots];
        Array.Fill(start, (byte)SlotKind.Any);
        Merge(entry, start);
        var state = new byte[_operandSlots];
        while (_work.TryDequeue(out var index))
        {
            _queued[index] = false;
            _states[index]!.CopyTo(state, 0);
            Walk(_positions[index], state);
        }
    }

    /// <summary>Runs the straight-line code from <paramref name="pc"/> to the next position or transfer, passing the state on.</summary>
    private void Walk(int pc, byte[] state)
    {
        while (true)
        {
            var op = (Op)_code[pc];
            var effect = OpInfo.Writes(op);
            if (effect == SlotEffect.BrCopy)
            {
                Copy(state, _code[pc + 1], _code[pc + 2], _code[pc + 3]);
            }
            else
            {
                Apply(effect, pc, state);
            }

            foreach (var target in OpInfo.BranchTargets(_code, pc))
            {
                MergeAt(target, state);
            }

            var next = pc + OpInfo.Length(_code, pc);
            if (!OpInfo.FallsThrough(op) || next >= _code.Length)
            {
                return;
            }

            if (Array.BinarySearch(_positions, next) >= 0)
            {
                MergeAt(next, state);
                return;
            }

            pc = next;
        }
    }

    private void Apply(SlotEffect effect, int pc, byte[] state)
    {
        var module = _function.Module;
        switch (effect)
        {
            case SlotEffect.None:
                return;
            case SlotEffect.Number:
                Write(state, _code[pc + 1], SlotKind.Any);
                return;
            case SlotEffect.Copy:
                Write(state, _code[pc + 1], Read(state, _code[pc + 2]));
                return;
            case SlotEffect.Const32:
                Write(state, _code[pc + 1], _code[pc + 2] == 0 ? SlotKind.Zero : SlotKind.Any);
                return;
            case SlotEffect.Select:
                Write(state, _code[pc + 1], (SlotKind)Math.Max((byte)Read(state, _code[pc + 2]), (byte)Read(state, _code[pc + 3])));
                return;
            case SlotEffect.GlobalGet:
                Write(state, _code[pc + 1], KindOf(module.Globals[_code[pc + 2]].Type.Type));
                return;
            case SlotEffect.TableGet:
                Write(state, _code[pc + 1], KindOf(module.Tables[_code[pc + 3]].Type.ElementType));
                return;
            case SlotEffect.RefFunc:
                Write(state, _code[pc + 1], SlotKind.FuncRef);
                return;
            case SlotEffect.Call:
                Returned(state, _code[pc + 2], module.Functions[_code[pc + 1]].Type);
                return;
            case SlotEffect.CallIndirect:
                Returned(state, _code[pc + 3], module.Types[_code[pc + 1]]);
                return;
            default:
                Array.Fill(state, (byte)SlotKind.Any);
                return;
        }
    }

    /// <summary>After a call: the callee's frame overwrote everything from its base, and its results start there.</summary>
    private void Returned(byte[] state, int calleeBase, FuncType type)
    {
        for (var slot = Math.Max(calleeBase - _function.LocalCount, 0); slot < state.Length; slot++)
        {
            state[slot] = (byte)SlotKind.Any;
        }

        var results = new List<SlotKind>(type.Results.Length);
        foreach (var result in type.Results)
        {
            AddKinds(results, result);
        }

        for (var k = 0; k < results.Count; k++)
        {
            Write(state, calleeBase + k, results[k]);
        }
    }

    private void Copy(byte[] state, int destination, int source, int count)
    {
        var kinds = new SlotKind[Math.Max(count, 0)];
        for (var k = 0; k < kinds.Length; k++)
        {
            kinds[k] = Read(state, source + k);
        }

        for (var k = 0; k < kinds.Length; k++)
        {
            Write(state, destination + k, kinds[k]);
        }
    }

    private static SlotKind KindOf(ValType type) => type == ValType.FuncRef ? SlotKind.FuncRef : SlotKind.Any;

    private SlotKind Read(byte[] state, int slot)
    {
        if (slot < Locals.Length)
        {
            return slot >= 0 ? Locals[slot] : SlotKind.Any;
        }

        var index = slot - Locals.Length;
        return index < state.Length ? (SlotKind)state[index] : SlotKind.Any;
    }

    /// <summary>A write to a local keeps its declared kind (a valid run only stores values of that type there).</summary>
    private void Write(byte[] state, int slot, SlotKind kind)
    {
        var index = slot - Locals.Length;
        if (index >= 0 && index < state.Length)
        {
            state[index] = (byte)kind;
        }
    }

    private void MergeAt(int pc, byte[] state)
    {
        var index = Array.BinarySearch(_positions, pc);
        if (index >= 0)
        {
            Merge(index, state);
        }
    }

    private void Merge(int index, byte[] state)
    {
        var changed = false;
        if (_states[index] is not { } existing)
        {
            _states[index] = (byte[])state.Clone();
            changed = true;
        }
        else
        {
            for (var slot = 0; slot < existing.Length; slot++)
            {
                if (state[slot] > existing[slot])
                {
                    existing[slot] = state[slot];
                    changed = true;
                }
            }
        }

        if (changed && !_queued[index])
        {
            _queued[index] = true;
            _work.Enqueue(index);
        }
    }
}
