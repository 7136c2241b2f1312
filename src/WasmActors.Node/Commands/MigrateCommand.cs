using System.CommandLine;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Commands;

/// <summary>
/// <c>wasmactors migrate INSTANCE --to NODE</c>: live migration; the program's output goes on where it stopped. It then
/// prints when the moved program holds all its pages itself (independent of the memory node).
/// </summary>
internal sealed class MigrateCommand : ICliCommand
{
    public Command Build()
    {
        var instance = new Argument<string>("INSTANCE") { Description = "the instance id (see `wasmactors ls`)" };
        var target = new Option<string>("--to") { Description = "the run node to move to", Required = true, HelpName = "NODE" };
        var wait = IndependenceReport.WaitOption();
        var command = new Command("migrate", "Move a running instance to another run node (pause, snapshot, resume there, stop here).") { instance, target, wait };
        var client = new ClientOptions();
        client.AddTo(command, json: true);
        command.SetAction(result => client.RunAsync(result, async session =>
        {
            var json = client.Json(result);
            var migrated = await TransferDisplay.RunAsync(result.InvocationConfiguration.Output, json, progress => session.Client.MigrateAsync(result.GetRequiredValue(instance), result.GetRequiredValue(target), progress));
            if (json)
            {
                await JsonOutput.WriteAsync(result.InvocationConfiguration.Output, migrated);
                return 0;
            }

            await result.InvocationConfiguration.Output.WriteLineAsync(
                $"{migrated.OldInstanceId} -> {migrated.NewInstanceId} on {migrated.TargetNode} via {migrated.SnapshotId}: " +
                $"downtime {migrated.DowntimeMilliseconds:F1} ms, {migrated.BytesBeforeFirstInstruction} bytes before the first instruction");
            await result.InvocationConfiguration.Output.WriteLineAsync($"  {MigrationSummary.Describe(migrated.Phases)}");
            await IndependenceReport.WriteAsync(result.InvocationConfiguration.Output, session.Client, migrated.TargetNode, migrated.NewInstanceId, result.GetValue(wait));
            return 0;
        }));
        return command;
    }
}
