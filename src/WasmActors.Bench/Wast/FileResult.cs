namespace WasmActors.Bench.Wast;

/// <summary>The outcome of one spec test file.</summary>
internal sealed record FileResult(
    string Name,
    int Passed,
    int Failed,
    int Skipped,
    TimeSpan Elapsed,
    IReadOnlyList<CommandFailure> Failures,
    IReadOnlyDictionary<string, int> SkipReasons,
    IReadOnlyDictionary<string, int> FailureCauses,
    IReadOnlyDictionary<string, int> PassNotes)
{
    public int Total => Passed + Failed + Skipped;
}

/// <summary>
/// Collects command outcomes while a file runs. Thread-safe, because a file that runs past its time limit is
/// abandoned by the thread that waits for it while its own thread may still be recording.
/// </summary>
internal sealed class FileResultBuilder
{
    private readonly object _gate = new();
    private readonly string _name;
    private readonly List<CommandFailure> _failures = [];
    private readonly Dictionary<string, int> _skipReasons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failureCauses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _passNotes = new(StringComparer.Ordinal);
    private int _passed;
    private int _failed;
    private int _skipped;
    private int _expectedCommands;
    private int _currentLine;
    private bool _closed;

    public FileResultBuilder(string name)
    {
        _name = name;
    }

    /// <summary>How many commands the file holds, once it has been read (for counting the ones a timeout cuts off).</summary>
    public void ExpectCommands(int count)
    {
        lock (_gate)
        {
            _expectedCommands = count;
        }
    }

    /// <summary>Notes the line of the command about to run, for the timeout message.</summary>
    public void Starting(int line)
    {
        lock (_gate)
        {
            _currentLine = line;
        }
    }

    public void Record(int line, string commandType, CommandOutcome outcome)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            switch (outcome.Kind)
            {
                case OutcomeKind.Passed:
                    _passed++;
                    if (outcome.Cause.Length > 0)
                    {
                        Increment(_passNotes, outcome.Cause);
                    }

                    break;
                case OutcomeKind.Skipped:
                    _skipped++;
                    Increment(_skipReasons, outcome.Cause);
                    break;
                default:
                    _failed++;
                    Increment(_failureCauses, outcome.Cause);
                    _failures.Add(new CommandFailure(_name, line, commandType, outcome.Expected, outcome.Actual, outcome.Cause));
                    break;
            }
        }
    }

    /// <summary>
    /// Ends the file because it ran too long: the command in progress and every command after it count as failed.
    /// Later records from the abandoned run are ignored.
    /// </summary>
    public void Abandon(TimeSpan limit)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            var remaining = Math.Max(1, _expectedCommands - (_passed + _failed + _skipped));
            var cause = "runner: time limit";
            _failures.Add(new CommandFailure(
                _name,
                _currentLine,
                "(file)",
                $"the file to finish within {limit.TotalSeconds:0.#} s",
                $"still running the command at line {_currentLine}; it and the {remaining - 1} after it count as failed",
                cause));
            _failed += remaining;
            _failureCauses[cause] = _failureCauses.GetValueOrDefault(cause) + remaining;
            _closed = true;
        }
    }

    public FileResult Build(TimeSpan elapsed)
    {
        lock (_gate)
        {
            _closed = true;
            return new FileResult(
                _name,
                _passed,
                _failed,
                _skipped,
                elapsed,
                _failures.ToArray(),
                new Dictionary<string, int>(_skipReasons),
                new Dictionary<string, int>(_failureCauses),
                new Dictionary<string, int>(_passNotes));
        }
    }

    private static void Increment(Dictionary<string, int> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
