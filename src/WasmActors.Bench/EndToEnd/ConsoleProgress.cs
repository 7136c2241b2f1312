using Spectre.Console;

namespace WasmActors.Bench.EndToEnd;

/// <summary>The live display: one progress row per section, its description showing what it is doing now.</summary>
internal sealed class ConsoleProgress(ProgressContext context) : IBenchProgress
{
    private readonly Dictionary<string, ProgressTask> _tasks = EndToEndBenchmark.Sections.ToDictionary(
        s => s,
        s => context.AddTask(Markup.Escape(s), autoStart: false, maxValue: 1));

    private ProgressTask? _current;
    private string _section = "";

    public void Begin(string section)
    {
        _section = section;
        _current = _tasks[section];
        _current.StartTask();
        _current.IsIndeterminate = true;
    }

    public void Status(string detail)
    {
        if (_current is not null)
        {
            _current.Description = Markup.Escape($"{_section}: {detail}");
        }
    }

    public void End(string section, string summary)
    {
        var task = _tasks[section];
        task.IsIndeterminate = false;
        task.Description = Markup.Escape($"{section}: {summary}");
        task.Value = task.MaxValue;
        task.StopTask();
    }

    /// <summary>Runs <paramref name="run"/> under a live display on the console.</summary>
    public static Task<T> RunAsync<T>(Func<IBenchProgress, Task<T>> run) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ElapsedTimeColumn())
            .StartAsync(context => run(new ConsoleProgress(context)));
}
