namespace WasmActors.Wasm;

/// <summary>Engine settings and resource limits. Immutable; a snapshot records them.</summary>
public sealed record EngineConfig
{
    public static readonly EngineConfig Default = new();

    /// <summary>Maximum nesting of wasm calls; deeper calls trap with "call stack exhausted".</summary>
    public int MaxCallDepth { get; init; } = 20_000;

    /// <summary>Maximum value-stack slots (8 bytes each) of one execution.</summary>
    public int MaxValueStackSlots { get; init; } = 4 * 1024 * 1024;

    /// <summary>Upper bound for any linear memory, in 64 KiB wasm pages (65536 = 4 GiB, the wasm32 maximum).</summary>
    public uint MaxMemoryPages { get; init; } = 65536;

    /// <summary>Upper bound for any table, in elements.</summary>
    public uint MaxTableElements { get; init; } = 10_000_000;

    /// <summary>Log2 of the engine's memory page size (12 = 4 KiB). Must be between 12 and 16.</summary>
    public int PageShift { get; init; } = 12;

    /// <summary>Upper bound on the locals of one function.</summary>
    public int MaxLocals { get; init; } = 50_000;

    /// <summary>Upper bound on the length of a module binary.</summary>
    public int MaxModuleBytes { get; init; } = 1 << 30;

    /// <summary>The default <see cref="TierThreshold"/>.</summary>
    public const int DefaultTierThreshold = 200;

    /// <summary>
    /// Checkpoints (taken branches, and calls of it) a function passes in the interpreter before it moves to the CIL
    /// tier, if the tier can take it. 0 compiles every function at its first checkpoint or call (the testing mode that
    /// runs nearly everything in the CIL tier); <see cref="int.MaxValue"/> never compiles (the interpreter alone).
    /// It changes speed only, never a result or a pause position, so a snapshot does not record it: a restored store
    /// has the default unless its restorer says otherwise.
    /// </summary>
    public int TierThreshold
    {
        get => _tierThreshold;
        init => _tierThreshold = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(TierThreshold), value, "the tier threshold cannot be negative");
    }

    private readonly int _tierThreshold = DefaultTierThreshold;
}
