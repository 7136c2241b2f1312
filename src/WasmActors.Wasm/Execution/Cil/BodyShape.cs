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
    /// The type of each slot's local: <c>double</c> where more instructions read or write the slot as an f64 than as
    /// anything else, else <c>ulong</c>. A choice of speed only: a double holds any 64 bits exactly, so every slot is
    /// correct either way.
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
            if (op == Op.Simd || OpInfo.IsCall(op) || operands.Any(o => o is not (Operand.Result or Operand.Slot or Operand.Imm)))
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

    /// <summary>Votes, slot by slot: +1 for each f64 read or write, -1 for each other typed one; copies abstain.</summary>
    private Type[] TypeSlots(int frameSize)
    {
        var votes = new int[frameSize];
        foreach (var pc in Starts)
        {
            var op = (Op)_code[pc];
            var operands = OpInfo.Operands(op);
            var typed = TypedSemanticsOf(op);
            var parameters = typed?.GetParameters();
            var parameter = 0;
            for (var k = 0; k < operands.Length; k++)
            {
                var slot = _code[pc + 1 + k];
                var isSlot = operands[k] == Operand.Slot;
                if (isSlot || operands[k] == Operand.Imm)
                {
                    parameter++;
                }

                if (operands[k] is not (Operand.Result or Operand.Slot) || slot < 0 || slot >= frameSize)
                {
                    continue;
                }

                var type = typed is null ? null : isSlot ? parameters![parameter - 1].ParameterType : typed.ReturnType;

                // Copies and the stored value of an i64.store take whatever type holds the value; loads and constants
                // are written as the type their first reader wants.
                votes[slot] += op switch
                {
                    Op.Copy => 0,
                    Op.I64Store when k == 1 => 0,
                    Op.Const64 or Op.I64Load when !isSlot => FirstReadType(slot, pc) == typeof(double) ? 1 : 0,
                    _ => type == typeof(double) ? 1 : -1,
                };
            }
        }

        return [.. votes.Select(v => v > 0 ? typeof(double) : typeof(ulong))];
    }
}
