using Spectre.Console;
using WasmActors.Actors;
using WasmActors.Actors.Messages;

namespace WasmActors.Node.Commands;

/// <summary>
/// Shows a long transfer while it happens, from the nodes' own progress reports (part acknowledgements, fetches):
/// a live Spectre.Console progress bar when the output is a terminal and the transfer has more than one part, and one
/// plain summary line when the output is a file or a pipe.
/// </summary>
internal static class TransferDisplay
{
    public static Task<T> RunAsync<T>(TextWriter output, Func<IProgress<TransferProgress>, Task<T>> action) =>
        RunAsync(output, IsTerminal(output) ? AnsiConsole.Console : null, action);

    /// <summary>As <see cref="RunAsync{T}(TextWriter, Func{IProgress{TransferProgress}, Task{T}})"/>, or silent when <paramref name="quiet"/> (the output is JSON).</summary>
    public static Task<T> RunAsync<T>(TextWriter output, bool quiet, Func<IProgress<TransferProgress>, Task<T>> action) =>
        quiet ? action(new Reporter(_ => { })) : RunAsync(output, action);

    /// <param name="terminal">Where the live bars are drawn; null for the summary lines only.</param>
    public static async Task<T> RunAsync<T>(TextWriter output, IAnsiConsole? terminal, Func<IProgress<TransferProgress>, Task<T>> action)
    {
        var last = new Dictionary<string, TransferProgress>(StringComparer.Ordinal);
        var record = new Reporter(p =>
        {
            lock (last)
            {
                last[p.What] = p;
            }
        });
        T result;
        if (terminal is not null)
        {
            result = await terminal.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                    return await action(new Reporter(p =>
                    {
                        record.Report(p);
                        if (p.TotalParts is >= 0 and <= 1 && !tasks.ContainsKey(p.What))
                        {
                            return; // one part: over before a bar would show
                        }

                        lock (tasks)
                        {
                            if (!tasks.TryGetValue(p.What, out var task))
                            {
                                tasks[p.What] = task = context.AddTask(p.What, maxValue: p.TotalBytes > 0 ? p.TotalBytes : 1);
                                task.IsIndeterminate = p.TotalBytes <= 0;
                            }

                            task.Value = p.TotalBytes > 0 ? p.Bytes : 0;
                            task.Description = $"{p.What}: {Summary(p)}";
                        }
                    }));
                });
        }
        else
        {
            result = await action(record);
        }

        foreach (var p in last.Values)
        {
            await output.WriteLineAsync($"{p.What}: {Summary(p)}");
        }

        return result;
    }

    public static string Summary(TransferProgress p) =>
        $"{Bytes(p.Bytes)}{(p.TotalBytes > 0 ? $" of {Bytes(p.TotalBytes)}" : "")} in {p.Parts}{(p.TotalParts > 0 ? $"/{p.TotalParts}" : "")} part{(p.Parts == 1 && p.TotalParts <= 1 ? "" : "s")}";

    private static string Bytes(long bytes) => ByteSize.Format(bytes);

    private static bool IsTerminal(TextWriter output) => output == Console.Out && !Console.IsOutputRedirected;

    /// <summary>Reports at once on the reporting thread (no synchronisation context to post to in a console).</summary>
    private sealed class Reporter(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}
