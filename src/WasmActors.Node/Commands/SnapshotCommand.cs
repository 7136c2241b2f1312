using System.CommandLine;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Commands;

/// <summary><c>wasmactors snapshot INSTANCE</c>: captures a running instance onto a memory node.</summary>
internal sealed class SnapshotCommand : ICliCommand
{
    public Command Build()
    {
        var instance = new Argument<string>("INSTANCE") { Description = "the instance id (see `wasmactors ls`)" };
        var leavePaused = new Option<bool>("--leave-paused") { Description = "keep the instance paused after the capture" };
        var command = new Command("snapshot", "Snapshot a running instance (pause, capture, store on a memory node, continue).") { instance, leavePaused };
        var client = new ClientOptions();
        client.AddTo(command);
        command.SetAction(result => client.RunAsync(result, async session =>
        {
            var taken = await TransferDisplay.RunAsync(result.InvocationConfiguration.Output, progress => session.Client.SnapshotAsync(result.GetRequiredValue(instance), result.GetValue(leavePaused), progress));
            await result.InvocationConfiguration.Output.WriteLineAsync(
                $"{taken.SnapshotId} on {taken.MemoryNode}: {taken.Chunks} chunks, {taken.Bytes} bytes, instance paused {taken.PauseMilliseconds:F1} ms");
            return 0;
        }));
        return command;
    }
}
