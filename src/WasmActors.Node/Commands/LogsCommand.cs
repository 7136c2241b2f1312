using System.CommandLine;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Commands;

/// <summary>
/// <c>wasmactors logs INSTANCE</c>: follows a running instance's output — any instance, a fork's too — from now until
/// it ends, and follows it to the instance a migration moves it to. Run nodes keep no output: what was printed
/// before is not shown. It watches the run node holding the instance: if that node is lost, it says so and ends.
/// </summary>
internal sealed class LogsCommand : ICliCommand
{
    public Command Build()
    {
        var instance = new Argument<string>("INSTANCE") { Description = "the instance id (see `wasmactors ls`)" };
        var command = new Command("logs", "Follow a running instance's output (stdout here, stderr to stderr) until it ends; the status is then the program's.") { instance };
        var client = new ClientOptions();
        client.AddTo(command);
        command.SetAction(result => client.RunAsync(result, async session =>
        {
            var program = new ProgramOutput(session.System);
            await session.Client.FollowAsync(result.GetRequiredValue(instance), program);
            return await FollowedOutput.PrintUntilEndAsync(
                program,
                result.InvocationConfiguration.Output,
                result.InvocationConfiguration.Error,
                async movedTo => await session.Client.FollowAsync(movedTo, program));
        }));
        return command;
    }
}
