namespace WasmActors.Differential.Tests.Fuzz;

/// <summary>Finds the first way two runs of the same module differ, in the order a person would want to read it.</summary>
public static class OutcomeComparer
{
    /// <summary>A description of the first difference, or null when the runs agree.</summary>
    public static string? FirstDifference(ModuleOutcome ours, ModuleOutcome wasmtime)
    {
        if (ours.InstantiationTrap != wasmtime.InstantiationTrap)
        {
            return $"instantiation: ours {ours.InstantiationTrap?.ToString() ?? "ok"} ({ours.InstantiationTrapText}), wasmtime {wasmtime.InstantiationTrap?.ToString() ?? "ok"} ({wasmtime.InstantiationTrapText})";
        }

        if (ours.Calls.Count != wasmtime.Calls.Count)
        {
            return $"ours made {ours.Calls.Count} export calls, wasmtime {wasmtime.Calls.Count}";
        }

        for (var i = 0; i < ours.Calls.Count; i++)
        {
            if (CallDifference(ours.Calls[i], wasmtime.Calls[i]) is { } difference)
            {
                return $"call {i} {difference}\n  ours:     {ours.Calls[i].Describe()}\n  wasmtime: {wasmtime.Calls[i].Describe()}";
            }
        }

        return ours.MemoryHash == wasmtime.MemoryHash ? null : $"final memory: ours {ours.MemoryHash}, wasmtime {wasmtime.MemoryHash}";
    }

    private static string? CallDifference(CallOutcome ours, CallOutcome wasmtime)
    {
        if (ours.Export != wasmtime.Export)
        {
            return $"export order: ours {ours.Export}, wasmtime {wasmtime.Export}";
        }

        if (!SameValues(ours.Logs, wasmtime.Logs))
        {
            return $"({ours.Export}) logged different values";
        }

        if (ours.Trap != wasmtime.Trap)
        {
            return $"({ours.Export}) trap: ours {ours.Trap?.ToString() ?? "none"}, wasmtime {wasmtime.Trap?.ToString() ?? "none"}";
        }

        return SameValues(ours.Results, wasmtime.Results) ? null : $"({ours.Export}) returned different results";
    }

    private static bool SameValues(IReadOnlyList<TypedValue> a, IReadOnlyList<TypedValue> b) =>
        a.Count == b.Count && a.Zip(b).All(pair => pair.First.SpecEquals(pair.Second));
}
