using System.CommandLine;
using Spectre.Console;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Commands;

/// <summary><c>wasmactors ls</c>: the instances on every run node and the snapshots on every memory node.</summary>
internal sealed class ListCommand : ICliCommand
{
    public Command Build()
    {
        var command = new Command("ls", "List the instances and snapshots of a running cluster.");
        var client = new ClientOptions();
        client.AddTo(command, json: true);
        command.SetAction(result => client.RunAsync(result, async session =>
        {
            var listed = await session.Client.ListAsync();
            var stored = await session.Client.SnapshotsAsync();
            if (client.Json(result))
            {
                await JsonOutput.WriteAsync(result.InvocationConfiguration.Output, new { Instances = listed, Snapshots = stored });
                return 0;
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(result.InvocationConfiguration.Output) });
            console.Profile.Width = Math.Max(console.Profile.Width, 140);
            var instances = new Table().AddColumns("instance", "program", "node", "state", "memory", "faults", "from");
            foreach (var i in listed)
            {
                instances.AddRow(i.InstanceId, Markup.Escape(i.Name), i.Node, i.State.ToString(), $"{i.MemoryBytes / 1024} KiB", i.Faults.ToString(), i.ForkedFrom ?? "");
            }

            var snapshots = new Table().AddColumns("snapshot", "of instance", "chunks", "bytes", "regions");
            foreach (var s in stored)
            {
                snapshots.AddRow(s.SnapshotId, s.FromInstance, s.Chunks.ToString(), s.Bytes.ToString(), s.MemoryRegions.ToString());
            }

            console.Write(instances);
            console.Write(snapshots);
            return 0;
        }));
        return command;
    }
}
