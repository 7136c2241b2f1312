using System.Globalization;
using WasmActors.Actors.Messages;

namespace WasmActors.Node.Commands;

/// <summary>Where a live migration's time went, in one line (for `migrate` and `bench migrate`).</summary>
internal static class MigrationSummary
{
    public static string Describe(MigrationPhases? p)
    {
        if (p is null)
        {
            return "no phases reported";
        }

        var onTarget = p.TargetStartMilliseconds is { } start ? Invariant($"{start:0.00} ms on the node to the first instruction, ") : "";
        return Invariant(
            $"{p.PreCopyRounds} pre-copy round(s) of {p.PreCopyBytes:N0} B in {p.PreCopyMilliseconds:0.0} ms; paused: {p.DirtyPages:N0} dirty pages, final delta {p.FinalDeltaBytes:N0} B; freeze {p.FreezeMilliseconds:0.00} + capture {p.CaptureMilliseconds:0.00} + upload {p.UploadMilliseconds:0.00} + target {p.TargetMilliseconds:0.00} ms ({onTarget}its restore {p.TargetRestoreMilliseconds:0.00} ms)");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
