namespace WasmActors.Wasm.Execution;

/// <summary>
/// The positions in one function's internal code where a restored frame may stand: the entry, every branch target
/// and every instruction after a call (a call is a checkpoint, and a caller waits there). A run now stops only at the
/// targets of branches taken backwards (<see cref="Checkpoints"/>), but the interpreter resumes at any of these, so a
/// snapshot paused at a forward target restores too. Restoring a machine checks its frames against these, so a pc can
/// never point into an instruction's immediates or past the end of the code.
/// </summary>
internal sealed class ResumePositions
{
    private SlotKindMap? _slotKinds;

    private ResumePositions(int[] all, int[] callReturns, int[] callStarts)
    {
        All = all;
        CallReturns = callReturns;
        CallStarts = callStarts;
    }

    /// <summary>Every position the innermost frame of a paused machine may have, ascending.</summary>
    public int[] All { get; }

    /// <summary>The positions just after a call (where a caller frame waits), ascending.</summary>
    public int[] CallReturns { get; }

    /// <summary>For each entry of <see cref="CallReturns"/>, the position of its call instruction.</summary>
    public int[] CallStarts { get; }

    public bool IsResumable(int pc) => Array.BinarySearch(All, pc) >= 0;

    /// <summary>
    /// The kind of every frame slot at each position, computed on the first restore that asks (never on the run path).
    /// It depends only on the module, as the positions do: <paramref name="function"/> is any instance of this code.
    /// </summary>
    public SlotKindMap SlotKinds(CompiledFunction function) =>
        LazyInitializer.EnsureInitialized(ref _slotKinds, () => SlotKindMap.Build(function, this));

    /// <summary>The position of the call that returns to <paramref name="pc"/>, or -1 if no call returns there.</summary>
    public int CallBefore(int pc)
    {
        var index = Array.BinarySearch(CallReturns, pc);
        return index >= 0 ? CallStarts[index] : -1;
    }

    public static ResumePositions Of(int[] code)
    {
        var all = new SortedSet<int> { 0 };
        var callReturns = new List<int>();
        var callStarts = new List<int>();
        for (var pc = 0; pc < code.Length; pc += OpInfo.Length(code, pc))
        {
            foreach (var target in OpInfo.BranchTargets(code, pc))
            {
                all.Add(target);
            }

            if (OpInfo.IsCall((Op)code[pc]))
            {
                var next = pc + OpInfo.Length(code, pc);
                if (next < code.Length)
                {
                    all.Add(next);
                    callReturns.Add(next);
                    callStarts.Add(pc);
                }
            }
        }

        // A position at the very end is no instruction: nothing can resume there.
        return new ResumePositions(all.Where(p => p < code.Length).ToArray(), [.. callReturns], [.. callStarts]);
    }
}
