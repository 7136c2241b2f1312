using System.CommandLine;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Commands;

/// <summary><c>wasmactors migrate INSTANCE --to NODE</c>: live migration; the program's output goes on where it stopped.</summary>
public sealed class MigrateCommand : ICliCommand
{
    public Command Build()
    {
        var instance = new Argument<string>("INSTANCE") { Description = "the instance id (see `wasmactors ls`)" };
        var target = new Option<string>("--to") { Description = "the run node to move to", Required = true, HelpName = "NODE" };
        var config = new Option<string?>("--config") { Description = "client HOCON file (default: seed at 127.0.0.1:4053)", HelpName = "FILE" };
        var seed = new Option<string?>("--seed") { Description = "seed node address", HelpName = "ADDRESS" };
        var command = new Command("migrate", "Move a running instance to another run node (pause, snapshot, resume there, stop here).") { instance, target, config, seed };
        command.SetAction(result => OrchestratorSession.RunAsync(result.GetValue(config), result.GetValue(seed), result.InvocationConfiguration.Error, async session =>
        {
            var migrated = await TransferDisplay.RunAsync(result.InvocationConfiguration.Output, progress => session.Client.MigrateAsync(result.GetRequiredValue(instance), result.GetRequiredValue(target), progress));
            await result.InvocationConfiguration.Output.WriteLineAsync(
                $"{migrated.OldInstanceId} -> {migrated.NewInstanceId} on {migrated.TargetNode} via {migrated.SnapshotId}: " +
                $"downtime {migrated.DowntimeMilliseconds:F1} ms, {migrated.BytesBeforeFirstInstruction} bytes before the first instruction");
            await result.InvocationConfiguration.Output.WriteLineAsync($"  {MigrationSummary.Describe(migrated.Phases)}");
            return 0;
        }));
        return command;
    }
}
