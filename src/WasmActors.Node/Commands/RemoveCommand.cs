using System.CommandLine;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Commands;

/// <summary><c>wasmactors rm SNAPSHOT [--with-ancestors]</c>: drop a snapshot from its memory node.</summary>
internal sealed class RemoveCommand : ICliCommand
{
    public Command Build()
    {
        var snapshot = new Argument<string>("SNAPSHOT") { Description = "the snapshot id (see `wasmactors ls`)" };
        var ancestors = new Option<bool>("--with-ancestors") { Description = "also drop the snapshots it is a delta of, as long as no other snapshot needs them (a migration leaves a chain of them)" };
        var command = new Command("rm", "Drop a snapshot from its memory node (refused while another snapshot is a delta of it; instances still faulting from it trap).")
        {
            snapshot, ancestors,
        };
        var client = new ClientOptions();
        client.AddTo(command);
        command.SetAction(result => client.RunAsync(result, async session =>
        {
            var deleted = await session.Client.DeleteSnapshotAsync(result.GetRequiredValue(snapshot), result.GetValue(ancestors));
            await result.InvocationConfiguration.Output.WriteLineAsync($"deleted {string.Join(", ", deleted.SnapshotIds)} ({deleted.Bytes:N0} bytes)");
            return 0;
        }));
        return command;
    }
}
