namespace WasmActors.Node.Run;

/// <summary>What <c>wasmactors run</c> was asked to do, as typed on the command line (validated by the runner).</summary>
internal sealed record RunOptions
{
    /// <summary>The .wasm file to run.</summary>
    public required string ModulePath { get; init; }

    /// <summary>Arguments after the module: argv[1..] of the program, or the arguments of <see cref="Invoke"/>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Preopened directories, each <c>HOST[::GUEST]</c>.</summary>
    public IReadOnlyList<string> Directories { get; init; } = [];

    /// <summary>Environment entries, each <c>NAME=value</c>, or <c>NAME</c> to pass the host's value on.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>An exported function to call instead of the command entry point.</summary>
    public string? Invoke { get; init; }

    /// <summary>Instruction budget (the engine counts taken branches and calls); null for none.</summary>
    public long? Fuel { get; init; }

    /// <summary>Upper bound of any linear memory, e.g. <c>64MiB</c>, <c>1G</c> or a byte count.</summary>
    public string? MaxMemory { get; init; }
}
