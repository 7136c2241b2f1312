using Spectre.Console;
using WasmActors.Actors.Messages;
using WasmActors.Node.Commands;

namespace WasmActors.Node.Tests;

/// <summary>The command line's transfer display: live bars in a terminal, one summary line per transfer in the end.</summary>
public sealed class TransferDisplayTests
{
    [Fact]
    public async Task A_terminal_draws_a_bar_for_a_transfer_of_several_parts_and_every_transfer_ends_in_one_line()
    {
        var screen = new Screen();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(screen),
        });
        var output = new StringWriter();

        var result = await TransferDisplay.RunAsync(output, terminal, async progress =>
        {
            progress.Report(new TransferProgress(1, "module upload", 100, 100, 1, 1)); // one part: over before a bar would show
            for (var part = 1; part <= 4; part++)
            {
                progress.Report(new TransferProgress(1, "snapshot upload", part * 1024L, 4096, part, 4));
                await Task.Delay(50);
            }

            // The display refreshes every 100 ms on a thread of its own: wait (bounded) until it has drawn the bar.
            for (var waited = 0; waited < 100 && !screen.Text.Contains("snapshot upload: ", StringComparison.Ordinal); waited++)
            {
                await Task.Delay(50);
            }

            return 42;
        });

        Assert.Equal(42, result);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("snapshot upload: 4.0 KiB of 4.0 KiB in 4/4 parts", lines);
        Assert.Contains("module upload: 100 B of 100 B in 1/1 part", lines);
        Assert.Contains("snapshot upload: ", screen.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("module upload", screen.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_terminal_only_the_summary_lines_are_written()
    {
        var output = new StringWriter();
        await TransferDisplay.RunAsync(output, terminal: null, progress =>
        {
            progress.Report(new TransferProgress(1, "restore fetch", 2048, -1, 3, -1));
            return Task.FromResult(0);
        });

        Assert.Equal("restore fetch: 2.0 KiB in 3 parts" + Environment.NewLine, output.ToString());
    }

    /// <summary>A terminal's output as text, safe to read while the display's own thread writes to it.</summary>
    private sealed class Screen : TextWriter
    {
        private readonly System.Text.StringBuilder _text = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (_text)
            {
                _text.Append(buffer, index, count);
            }
        }
    }
}
