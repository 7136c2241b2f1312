using System.CommandLine;
using System.Globalization;
using WasmActors.Actors.Messages;
using WasmActors.Node.Run;

namespace WasmActors.Node.Commands;

/// <summary>
/// The per-program limit options of <c>deploy</c> and <c>fork</c>, declared once: each left out takes the run node's
/// default (wasmactors.run-node.limits).
/// </summary>
internal sealed class LimitOptions
{
    private readonly Option<string?> _maxMemory = new("--max-memory") { Description = "linear memory limit, e.g. 64MiB; memory.grow beyond it fails", HelpName = "SIZE" };
    private readonly Option<long?> _fuel = new("--fuel") { Description = "instruction budget (taken branches and calls); the program traps when it runs out", HelpName = "N" };
    private readonly Option<string?> _wallTime = new("--wall-time") { Description = "time limit from start, e.g. 30s, 500ms, 2m; the program traps when it is up", HelpName = "DURATION" };
    private readonly Option<string?> _maxOutput = new("--max-output") { Description = "stdout and stderr bytes in total, e.g. 10MiB; the program traps past it", HelpName = "SIZE" };
    private readonly Option<string?> _outputRate = new("--output-rate") { Description = "stdout and stderr bytes per second (bursts of a second's worth pass), e.g. 1MiB", HelpName = "SIZE" };
    private readonly Option<int?> _openFiles = new("--max-open-files") { Description = "descriptors open at once, the standard streams included; path_open gets EMFILE beyond", HelpName = "N" };

    public void AddTo(Command command)
    {
        command.Options.Add(_maxMemory);
        command.Options.Add(_fuel);
        command.Options.Add(_wallTime);
        command.Options.Add(_maxOutput);
        command.Options.Add(_outputRate);
        command.Options.Add(_openFiles);
    }

    /// <summary>The limits asked for, or null when none was; throws <see cref="FormatException"/> naming a bad value.</summary>
    public ProgramLimits? Read(ParseResult result)
    {
        var limits = new ProgramLimits(
            Size(result.GetValue(_maxMemory), "--max-memory"),
            result.GetValue(_fuel),
            result.GetValue(_wallTime) is { } wall ? (long)ParseDuration(wall).TotalMilliseconds : null,
            Size(result.GetValue(_maxOutput), "--max-output"),
            Size(result.GetValue(_outputRate), "--output-rate"),
            result.GetValue(_openFiles));
        return limits == new ProgramLimits() ? null : limits;
    }

    /// <summary>"500ms", "30s", "2m", "1h", or a plain number of seconds.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var trimmed = text.Trim();
        var (number, unit) = trimmed.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (trimmed[..^2], 0.001)
            : trimmed.EndsWith('s') ? (trimmed[..^1], 1.0)
            : trimmed.EndsWith('m') ? (trimmed[..^1], 60.0)
            : trimmed.EndsWith('h') ? (trimmed[..^1], 3600.0)
            : (trimmed, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? TimeSpan.FromSeconds(value * unit)
            : throw new FormatException($"--wall-time {text}: expected a positive duration such as 500ms, 30s, 2m or 1h");
    }

    private static long? Size(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return checked((long)MemorySize.ParseBytes(text));
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new FormatException($"{option} {text}: {e.Message}");
        }
    }
}
