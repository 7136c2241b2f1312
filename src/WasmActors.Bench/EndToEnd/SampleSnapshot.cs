namespace WasmActors.Bench.EndToEnd;

/// <summary>A sample paused part-way and captured: what the fork sections restore.</summary>
internal sealed record SampleSnapshot(SampleInfo Info, WasmActors.Snapshot.SnapshotImage Snapshot, byte[] Wasm)
{
    /// <summary>Where the dense and sparse samples pause: past bigmem's write pass, inside its read pass.</summary>
    public const double PauseFraction = 0.6;

    /// <summary>
    /// Runs <paramref name="program"/> once to count its instructions, then again to <see cref="PauseFraction"/> of
    /// them, and captures it there.
    /// </summary>
    public static SampleSnapshot Capture(RepositoryPaths paths, string name, string program, string[] arguments)
    {
        var wasm = File.ReadAllBytes(paths.Sample(program));
        var total = PausedProgram.CountInstructions(wasm, program, arguments);
        using var paused = PausedProgram.Start(wasm, program, arguments, (long)(total * PauseFraction));
        if (!paused.Paused)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} ended before its pause point");
        }

        var snapshot = paused.Capture();
        var info = new SampleInfo(name, program, string.Join(' ', arguments), paused.MemoryBytes, paused.ResidentPages, snapshot.ChunkBytes, paused.InstructionsRun / (double)total);
        return new SampleSnapshot(info, snapshot, wasm);
    }
}
