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
            case InstanceLost lost:
                await error.WriteLineAsync($"run node {lost.Node} was lost; the program ended after line {program.Text(1).Count(c => c == '\n')}");
                return LostExitCode;
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
