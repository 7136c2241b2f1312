using System.Text;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Commands;

/// <summary>
/// Prints a followed program's output as it arrives — stdout to the command's output, stderr to its error — until
/// the program ends, for `deploy --follow` and `logs`. The status is the program's: its exit code, or 134 after a
/// trap (what a shell shows for an abort), or 69 when the run node holding it was lost (sysexits' EX_UNAVAILABLE).
/// </summary>
internal static class FollowedOutput
{
    public const int TrapExitCode = 134;
    public const int LostExitCode = 69;

    /// <summary>
    /// For the owner of <paramref name="instanceId"/> (deploy, fork): watches the run node <paramref name="node"/> holding
    /// it — after a migration, the one it moved to — and prints until the end.
    /// </summary>
    public static async Task<int> PrintOwnedUntilEndAsync(OrchestratorClient client, ProgramOutput program, string instanceId, string node, TextWriter output, TextWriter error)
    {
        await client.WatchHolderAsync(instanceId, program, node);
        return await PrintUntilEndAsync(program, output, error, movedTo => client.WatchHolderAsync(movedTo, program));
    }

    /// <param name="moved">Called with the new instance when a migration moves the program (to follow it there).</param>
    public static async Task<int> PrintUntilEndAsync(ProgramOutput program, TextWriter output, TextWriter error, Func<string, Task>? moved = null)
    {
        var printer = new Printer(program, output, error);
        var moves = 0;
        while (true)
        {
            await Task.WhenAny(program.Ended, Task.Delay(100));
            await printer.PrintNewAsync(ended: false);
            foreach (var stopped in program.Endings.OfType<InstanceStopped>().Where(s => s.MovedTo is not null).Skip(moves).ToArray())
            {
                moves++;
                if (moved is not null)
                {
                    await moved(stopped.MovedTo!);
                }
            }

            if (program.Ended.IsCompleted)
            {
                break;
            }
        }

        await printer.PrintNewAsync(ended: true);
        switch (await program.Ended)
        {
            case InstanceExited exited:
                return exited.ExitCode;
            case InstanceTrapped trapped:
                await error.WriteLineAsync($"trap: {trapped.Message}");
                return TrapExitCode;
            case InstanceLost lost:
                await error.WriteLineAsync($"run node {lost.Node} was lost; the program ended after line {program.Text(1).Count(c => c == '\n')}");
                return LostExitCode;
            default:
                await error.WriteLineAsync("stopped");
                return 0;
        }
    }

    /// <summary>
    /// Prints each write once, in the program's order: by sequence, never past one not received yet while the program
    /// runs. Each stream decodes UTF-8 across writes, so a character split between two writes prints whole.
    /// </summary>
    private sealed class Printer(ProgramOutput program, TextWriter output, TextWriter error)
    {
        private readonly Decoder _out = Encoding.UTF8.GetDecoder();
        private readonly Decoder _err = Encoding.UTF8.GetDecoder();
        private long? _last;

        public async Task PrintNewAsync(bool ended)
        {
            foreach (var write in program.WritesAfter(_last, pastGaps: ended))
            {
                if (_last is { } last && write.Sequence != last + 1)
                {
                    await error.WriteLineAsync($"[{write.Sequence - last - 1} writes of the program never arrived]");
                }

                var (decoder, writer) = write.Fd == 2 ? (_err, error) : (_out, output);
                var text = new char[decoder.GetCharCount(write.Data, flush: false)];
                decoder.GetChars(write.Data, text, flush: false);
                await writer.WriteAsync(text);
                _last = write.Sequence;
            }

            await output.FlushAsync();
        }
    }
}
