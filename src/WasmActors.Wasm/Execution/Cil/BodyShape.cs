using System.Reflection;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// What the CIL tier learns of a function's internal code before emitting it: where its instructions start, the
/// positions another path enters, where a run can resume, and the type of each slot's CIL local.
/// </summary>
internal sealed class BodyShape
{
    private static readonly MethodInfo?[] TypedSemantics = BuildTypedSemantics();

    /// <summary>Instructions <see cref="FirstReadType"/> looks at, at most: a value is nearly always read soon, and compile time stays linear.</summary>
    private const int MaxLookahead = 64;

    private readonly int[] _code;

    public BodyShape(int[] code, int frameSize)
    {
        _code = code;
        for (var pc = 0; pc < code.Length; pc += OpInfo.Length(code, pc))
        {
            Starts.Add(pc);
        }

        FindJoinsAndResumePoints();
        SlotTypes = TypeSlots(frameSize);
    }

    /// <summary>The position of every instruction, in order.</summary>
    public List<int> Starts { get; } = [];

    /// <summary>The positions another path enters: every branch target.</summary>
    public HashSet<int> Joins { get; } = [];

    /// <summary>
    /// Where a run can stop: the entry, every target a branch takes backwards (a loop), every instruction after a
    /// call. Fewer entries into the body leave the JIT freer to keep values in registers.
    /// </summary>
    public SortedSet<int> ResumePoints { get; } = [0];

    /// <summary>
    /// The type of each slot's local: <c>double</c> where the slot more often holds an f64 than anything else where
    /// straight-line code begins and ends, else <c>ulong</c>. A choice of speed only: a double holds any 64 bits
    /// exactly, so every slot is correct either way.
    /// </summary>
    public Type[] SlotTypes { get; }

    /// <summary>The <see cref="FloatSemantics"/> function of a numeric op, if it has one (float ops and conversions).</summary>
    public static MethodInfo? TypedSemanticsOf(Op op) => (int)op < TypedSemantics.Length ? TypedSemantics[(int)op] : null;

    /// <summary>
    /// The type the first instruction after <paramref name="pc"/> in the same straight-line code reads
    /// <paramref name="slot"/> as, or null if none of the next few does before the slot is overwritten or the code ends.
    /// </summary>
    public Type? FirstReadType(int slot, int pc)
    {
        var next = pc + OpInfo.Length(_code, pc);
        for (var scanned = 0; scanned < MaxLookahead && next < _code.Length && !Joins.Contains(next) && !ResumePoints.Contains(next); scanned++, next += OpInfo.Length(_code, next))
        {
            var op = (Op)_code[next];
            var operands = OpInfo.Operands(op);
            if (IsRelease(op))
            {
                return null;
            }

            var typed = TypedSemanticsOf(op);
            var parameter = 0;
            var overwritten = false;
            for (var k = 0; k < operands.Length; k++)
            {
                if (operands[k] == Operand.Result)
                {
                    overwritten |= _code[next + 1 + k] == slot;
                    continue;
                }

                if (operands[k] == Operand.Slot && _code[next + 1 + k] == slot)
                {
                    // A copy takes whatever type holds the value: its own reader decides.
                    return op == Op.Copy ? null : typed?.GetParameters()[parameter].ParameterType ?? typeof(ulong);
                }

                parameter++;
            }

            if (overwritten || !OpInfo.FallsThrough(op))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The <see cref="FloatSemantics"/> function of each op that has one (same name), by op.</summary>
    private static MethodInfo?[] BuildTypedSemantics()
    {
        var table = new MethodInfo?[Enum.GetValues<Op>().Max(o => (int)o) + 1];
        foreach (var op in Enum.GetValues<Op>())
        {
            table[(int)op] = typeof(FloatSemantics).GetMethod(op.ToString(), BindingFlags.Public | BindingFlags.Static);
        }

        return table;
    }

    private void FindJoinsAndResumePoints()
    {
        foreach (var pc in Starts)
        {
            foreach (var target in OpInfo.BranchTargets(_code, pc))
            {
                Joins.Add(target);
                if (Checkpoints.IsLoopBack(pc, target))
                {
                    ResumePoints.Add(target);
                }
            }

            if (OpInfo.IsCall((Op)_code[pc]))
            {
                ResumePoints.Add(pc + OpInfo.Length(_code, pc));
            }
        }
    }

    /// <summary>
    /// Votes, slot by slot, on the type values have where they must be in the slot's own local: for an f64, against
    /// for anything else. That is where straight-line code ends (the last value written in it, which a release
    /// converts when the types differ) and where it begins (the values it reads before writing them). Within
    /// straight-line code a value may stay in a local of its own type, so uses there do not count. (Weighing votes by
    /// loop depth was tried: it made integer loops that share a function with float loops slower, and float loops no
    /// faster.)
    /// </summary>
    private Type[] TypeSlots(int frameSize)
    {
        var votes = new int[frameSize];
        var written = new Dictionary<int, Type?>(); // slots written in the current straight-line code: the value's type, if known
        void Vote(int slot, Type? type)
        {
            if (type is not null && slot >= 0 && slot < frameSize)
            {
                votes[slot] += type == typeof(double) ? 1 : -1;
            }
        }

        foreach (var pc in Starts)
        {
            var op = (Op)_code[pc];
            var operands = OpInfo.Operands(op);
            if (Joins.Contains(pc) || ResumePoints.Contains(pc) || IsRelease(op))
            {
                foreach (var (slot, type) in written)
                {
                    Vote(slot, type);
                }

                written.Clear();
            }

            var typed = TypedSemanticsOf(op);
            var parameters = typed?.GetParameters();
            var parameter = 0;
            Type? copied = null;
            for (var k = 0; k < operands.Length; k++)
            {
                var slot = _code[pc + 1 + k];
                if (operands[k] == Operand.Slot)
                {
                    // Copies and the stored value of an i64.store take whatever type holds the value.
                    var type = op == Op.Copy || (op == Op.I64Store && k == 1) ? null : parameters?[parameter].ParameterType ?? typeof(ulong);
                    if (written.TryGetValue(slot, out var current))
                    {
                        copied = current;
                    }
                    else
                    {
                        Vote(slot, type);
                    }
                }

                if (operands[k] is Operand.Slot or Operand.Imm)
                {
                    parameter++;
                }
            }

            if (operands.Length > 0 && operands[0] == Operand.Result && !IsRelease(op))
            {
                var slot = _code[pc + 1];

                // Loads and constants are written as the type their first reader wants.
                written[slot] = op switch
                {
                    Op.Copy => copied,
                    Op.Const64 or Op.I64Load => FirstReadType(slot, pc),
                    _ => typed?.ReturnType ?? typeof(ulong),
                };
            }
        }

        foreach (var (slot, type) in written)
        {
            Vote(slot, type);
        }

        return [.. votes.Select(v => v > 0 ? typeof(double) : typeof(ulong))];
    }

    /// <summary>Whether held values go to their slots' own locals before the instruction: it branches, calls or leaves.</summary>
    private static bool IsRelease(Op op) =>
        OpInfo.IsCall(op) || !OpInfo.FallsThrough(op) || OpInfo.Operands(op).Any(o => o is not (Operand.Result or Operand.Slot or Operand.Imm));
}
