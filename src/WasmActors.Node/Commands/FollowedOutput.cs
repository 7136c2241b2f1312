using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Commands;

/// <summary>
/// Prints a followed program's output as it arrives — stdout to the command's output, stderr to its error — until
/// the program ends, for `deploy --follow` and `logs`. The status is the program's: its exit code, or 134 after a
/// trap (what a shell shows for an abort).
/// </summary>
internal static class FollowedOutput
{
    public const int TrapExitCode = 134;

    /// <param name="moved">Called with the new instance when a migration moves the program (to follow it there).</param>
    public static async Task<int> PrintUntilEndAsync(ProgramOutput program, TextWriter output, TextWriter error, Func<string, Task>? moved = null)
    {
        var printed = (Out: 0, Err: 0);
        var moves = 0;
        while (true)
        {
            await Task.WhenAny(program.Ended, Task.Delay(100));
            printed = await PrintNewAsync(program, output, error, printed);
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

        await PrintNewAsync(program, output, error, printed);
        switch (await program.Ended)
        {
            case InstanceExited exited:
                return exited.ExitCode;
            case InstanceTrapped trapped:
                await error.WriteLineAsync($"trap: {trapped.Message}");
                return TrapExitCode;
            default:
                await error.WriteLineAsync("stopped");
                return 0;
        }
    }

    private static async Task<(int Out, int Err)> PrintNewAsync(ProgramOutput program, TextWriter output, TextWriter error, (int Out, int Err) printed)
    {
        var stdout = program.Text(1);
        var stderr = program.Text(2);
        await output.WriteAsync(stdout[Math.Min(printed.Out, stdout.Length)..]);
        await error.WriteAsync(stderr[Math.Min(printed.Err, stderr.Length)..]);
        await output.FlushAsync();
        return (stdout.Length, stderr.Length);
    }
}
