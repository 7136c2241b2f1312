using System.CommandLine;
using Spectre.Console;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Commands;

/// <summary><c>wasmactors ls</c>: the instances on every run node and the snapshots on every memory node.</summary>
public sealed class ListCommand : ICliCommand
{
    public Command Build()
    {
        var config = new Option<string?>("--config") { Description = "client HOCON file (default: seed at 127.0.0.1:4053)", HelpName = "FILE" };
        var seed = new Option<string?>("--seed") { Description = "seed node address", HelpName = "ADDRESS" };
        var command = new Command("ls", "List the instances and snapshots of a running cluster.") { config, seed };
        command.SetAction(result => OrchestratorSession.RunAsync(result.GetValue(config), result.GetValue(seed), result.InvocationConfiguration.Error, async session =>
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(result.InvocationConfiguration.Output) });
            console.Profile.Width = Math.Max(console.Profile.Width, 140);
            var instances = new Table().AddColumns("instance", "program", "node", "state", "memory", "faults", "from");
            foreach (var i in await session.Client.ListAsync())
            {
                instances.AddRow(i.InstanceId, Markup.Escape(i.Name), i.Node, i.State.ToString(), $"{i.MemoryBytes / 1024} KiB", i.Faults.ToString(), i.ForkedFrom ?? "");
            }

            var snapshots = new Table().AddColumns("snapshot", "of instance", "chunks", "bytes", "regions");
            foreach (var s in await session.Client.SnapshotsAsync())
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
