namespace WasmActors.Bench.Exec;

/// <summary>How one program ended in one engine: its exit status, or the trap message.</summary>
internal sealed record BenchRunResult(int? ExitCode, string? Trap)
{
    public override string ToString() => Trap is null ? $"exit {ExitCode}" : $"trap ({Trap})";
}

/// <summary>An engine the benchmark times: prepares a module once, then runs it as often as asked.</summary>
internal interface IEngineUnderTest
{
    string Name { get; }

    /// <summary>Runs <paramref name="program"/> once (instantiate + _start), standard output discarded.</summary>
    BenchRunResult Run(string wasmPath, BenchProgram program, bool quick, string? directory, string? inputPath);
}
