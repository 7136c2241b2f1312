namespace WasmActors.Bench.Wast;

internal enum OutcomeKind
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>
/// What one command came to. A failure says what the spec expected and what the engine did; <see cref="Cause"/>
/// is a short grouping key (engine stage and kind of problem) for the failure summary, the reason of a skip, or
/// for a pass an optional note (the assertion held, but not quite as the spec's reference interpreter would).
/// </summary>
internal readonly record struct CommandOutcome(OutcomeKind Kind, string Expected = "", string Actual = "", string Cause = "")
{
    public static readonly CommandOutcome Pass = new(OutcomeKind.Passed);

    public static CommandOutcome PassWithNote(string note) => new(OutcomeKind.Passed, Cause: note);

    public static CommandOutcome Skip(string reason) => new(OutcomeKind.Skipped, Cause: reason);

    public static CommandOutcome Fail(string expected, string actual, string cause) =>
        new(OutcomeKind.Failed, expected, actual, cause);
}

/// <summary>A failed command, located by file and line.</summary>
internal sealed record CommandFailure(string File, int Line, string CommandType, string Expected, string Actual, string Cause)
{
    public override string ToString() => $"{File}:{Line}: {CommandType}: expected {Expected}, got {Actual}";
}
