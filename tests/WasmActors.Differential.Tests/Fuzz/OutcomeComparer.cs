namespace WasmActors.Differential.Tests.Fuzz;

/// <summary>Finds the first way two runs of the same module differ, in the order a person would want to read it.</summary>
public static class OutcomeComparer
{
    /// <summary>A description of the first difference, or null when the runs agree.</summary>
    public static string? FirstDifference(ModuleOutcome ours, ModuleOutcome wasmtime)
    {
        if (ours.InstantiationTrap == TrapKind.OutOfBudget || wasmtime.InstantiationTrap == TrapKind.OutOfBudget)
        {
            return null; // a start function that loops forever: nothing to compare
        }

        if (ours.InstantiationTrap != wasmtime.InstantiationTrap)
        {
            return $"instantiation: ours {ours.InstantiationTrap?.ToString() ?? "ok"} ({ours.InstantiationTrapText}), wasmtime {wasmtime.InstantiationTrap?.ToString() ?? "ok"} ({wasmtime.InstantiationTrapText})";
        }

        for (var i = 0; i < Math.Min(ours.Calls.Count, wasmtime.Calls.Count); i++)
        {
            if (OutOfBudget(ours.Calls[i], wasmtime.Calls[i]))
            {
                return null; // fuel is counted differently: nothing from this call on can be compared
            }

            if (CallDifference(ours.Calls[i], wasmtime.Calls[i]) is { } difference)
            {
                return $"call {i} {difference}\n  ours:     {ours.Calls[i].Describe()}\n  wasmtime: {wasmtime.Calls[i].Describe()}";
            }
        }

        if (ours.Calls.Count != wasmtime.Calls.Count)
        {
            return $"ours made {ours.Calls.Count} export calls, wasmtime {wasmtime.Calls.Count}";
        }

        return MemoryDifference(ours.Memory, wasmtime.Memory);
    }

    /// <summary>Whether either engine gave up on the call for its work budget.</summary>
    public static bool OutOfBudget(CallOutcome ours, CallOutcome wasmtime) =>
        ours.Trap == TrapKind.OutOfBudget || wasmtime.Trap == TrapKind.OutOfBudget;

    /// <summary>
    /// Every call whose outcome differs (not only the first), for modules whose calls are independent of each other
    /// except through memory; a memory difference is reported at the call that made it and again at later calls only
    /// if they differ in some other way too.
    /// </summary>
    public static IEnumerable<string> CallDifferences(ModuleOutcome ours, ModuleOutcome wasmtime)
    {
        var memoryDiffered = false;
        for (var i = 0; i < Math.Min(ours.Calls.Count, wasmtime.Calls.Count); i++)
        {
            var (a, b) = (ours.Calls[i], wasmtime.Calls[i]);
            if (OutOfBudget(a, b))
            {
                yield break;
            }

            if (memoryDiffered)
            {
                (a, b) = (a with { MemoryHash = "" }, b with { MemoryHash = "" });
            }

            if (CallDifference(a, b) is { } difference)
            {
                memoryDiffered |= a.MemoryHash != b.MemoryHash;
                yield return $"call {i} {difference}\n  ours:     {a.Describe()}\n  wasmtime: {b.Describe()}";
            }
        }
    }

    private static string? MemoryDifference(byte[]? ours, byte[]? wasmtime)
    {
        if (ours is null || wasmtime is null)
        {
            return ours is null && wasmtime is null ? null : $"exported memory: ours {(ours is null ? "none" : "present")}, wasmtime {(wasmtime is null ? "none" : "present")}";
        }

        if (ours.Length != wasmtime.Length)
        {
            return $"final memory size: ours {ours.Length / 65536} pages, wasmtime {wasmtime.Length / 65536} pages";
        }

        var first = ours.AsSpan().CommonPrefixLength(wasmtime);
        if (first == ours.Length)
        {
            return null;
        }

        var differing = 0;
        for (var i = first; i < ours.Length; i++)
        {
            differing += ours[i] != wasmtime[i] ? 1 : 0;
        }

        var start = first & ~7;
        var end = Math.Min(ours.Length, start + 16);
        return $"final memory differs in {differing} bytes, first at 0x{first:x}: ours {Convert.ToHexString(ours, start, end - start)}, wasmtime {Convert.ToHexString(wasmtime, start, end - start)} (from 0x{start:x})";
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

        if (!SameValues(ours.Results, wasmtime.Results))
        {
            return $"({ours.Export}) returned different results";
        }

        return ours.MemoryHash == wasmtime.MemoryHash ? null : $"({ours.Export}) left different memory contents";
    }

    private static bool SameValues(IReadOnlyList<TypedValue> a, IReadOnlyList<TypedValue> b) =>
        a.Count == b.Count && a.Zip(b).All(pair => pair.First.SpecEquals(pair.Second));
}
