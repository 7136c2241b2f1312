using System.CommandLine;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Commands;

/// <summary><c>wasmactors rm SNAPSHOT [--with-ancestors]</c>: drop a snapshot from its memory node.</summary>
public sealed class RemoveCommand : ICliCommand
{
    public Command Build()
    {
        var snapshot = new Argument<string>("SNAPSHOT") { Description = "the snapshot id (see `wasmactors ls`)" };
        var ancestors = new Option<bool>("--with-ancestors") { Description = "also drop the snapshots it is a delta of, as long as no other snapshot needs them (a migration leaves a chain of them)" };
        var config = new Option<string?>("--config") { Description = "client HOCON file (default: hocon/client.conf settings, seed at 127.0.0.1:4053)", HelpName = "FILE" };
        var seed = new Option<string?>("--seed") { Description = "seed node address", HelpName = "ADDRESS" };
        var command = new Command("rm", "Drop a snapshot from its memory node (refused while another snapshot is a delta of it; instances still faulting from it trap).")
        {
            snapshot, ancestors, config, seed,
        };
        command.SetAction(result => OrchestratorSession.RunAsync(result.GetValue(config), result.GetValue(seed), result.InvocationConfiguration.Error, async session =>
        {
            var deleted = await session.Client.DeleteSnapshotAsync(result.GetRequiredValue(snapshot), result.GetValue(ancestors));
            await result.InvocationConfiguration.Output.WriteLineAsync($"deleted {string.Join(", ", deleted.SnapshotIds)} ({deleted.Bytes:N0} bytes)");
            return 0;
        }));
        return command;
    }
}
