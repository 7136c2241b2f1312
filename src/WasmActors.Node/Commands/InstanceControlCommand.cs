using System.CommandLine;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Commands;

/// <summary>
/// <c>wasmactors stop|pause|resume INSTANCE</c>: one request to the run node holding the instance, answered with the
/// state it is in afterwards (for one that has already ended: how it ended).
/// </summary>
internal abstract class InstanceControlCommand(string name, string description) : ICliCommand
{
    public Command Build()
    {
        var instance = new Argument<string>("INSTANCE") { Description = "the instance id (see `wasmactors ls`)" };
        var command = new Command(name, description) { instance };
        var client = new ClientOptions();
        client.AddTo(command);
        command.SetAction(result => client.RunAsync(result, async session =>
        {
            var changed = await SendAsync(session.Client, result.GetRequiredValue(instance));
            await result.InvocationConfiguration.Output.WriteLineAsync($"{changed.InstanceId} {changed.State.ToString().ToLowerInvariant()}");
            return 0;
        }));
        return command;
    }

    protected abstract Task<InstanceStateChanged> SendAsync(OrchestratorClient client, string instanceId);
}

/// <summary><c>wasmactors stop INSTANCE</c>.</summary>
internal sealed class StopCommand() : InstanceControlCommand("stop", "Stop an instance at its next safe point (it cannot be resumed; its owner and followers hear it stopped).")
{
    protected override Task<InstanceStateChanged> SendAsync(OrchestratorClient client, string instanceId) => client.StopAsync(instanceId);
}

/// <summary><c>wasmactors pause INSTANCE</c>.</summary>
internal sealed class PauseCommand() : InstanceControlCommand("pause", "Pause an instance at its next safe point (`wasmactors resume` continues it).")
{
    protected override Task<InstanceStateChanged> SendAsync(OrchestratorClient client, string instanceId) => client.PauseAsync(instanceId);
}

/// <summary><c>wasmactors resume INSTANCE</c>.</summary>
internal sealed class ResumeCommand() : InstanceControlCommand("resume", "Continue a paused instance.")
{
    protected override Task<InstanceStateChanged> SendAsync(OrchestratorClient client, string instanceId) => client.ResumeAsync(instanceId);
}
