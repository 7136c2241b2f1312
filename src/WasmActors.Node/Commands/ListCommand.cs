using System.CommandLine;
using Spectre.Console;
using WasmActors.Actors;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Commands;

/// <summary>
/// <c>wasmactors ls</c>: the instances on every run node — the running ones with their memory and page faults now, and
/// those that ended within wasmactors.run-node.ended-retention with how — and the snapshots on every memory node.
/// </summary>
internal sealed class ListCommand : ICliCommand
{
    public Command Build()
    {
        var command = new Command("ls", "List the instances and snapshots of a running cluster.");
        var client = new ClientOptions();
        client.AddTo(command, json: true);
        command.SetAction(result => client.RunAsync(result, async session =>
        {
            // Run and memory nodes are asked at once: each is a connection of its own to make.
            var instancesAsked = session.Client.ListAsync();
            var snapshotsAsked = session.Client.SnapshotsAsync();
            var listed = await instancesAsked;
            var stored = await snapshotsAsked;
            if (client.Json(result))
            {
                await JsonOutput.WriteAsync(result.InvocationConfiguration.Output, new { Instances = listed, Snapshots = stored });
                return 0;
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(result.InvocationConfiguration.Output) });
            console.Profile.Width = Math.Max(console.Profile.Width, 140);
            var instances = new Table().AddColumns("instance", "program", "node", "state", "memory", "faults", "remote", "from", "ended");
            foreach (var i in listed)
            {
                instances.AddRow(i.InstanceId, Markup.Escape(i.Name), i.Node, i.State.ToString(), ByteSize.Format(i.MemoryBytes), i.Faults.ToString(), i.RemotePages?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", i.ForkedFrom ?? "", Markup.Escape(Ending(i)));
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

    /// <summary>How an ended instance ended, for the table: its exit status, its trap, or where a migration moved it.</summary>
    private static string Ending(InstanceInfo i) => i switch
    {
        { ExitCode: { } code } => $"exit {code}",
        { Trap: { } trap } => $"trap: {trap}",
        { MovedTo: { } movedTo } => $"moved to {movedTo}",
        { EndedAt: not null } => "stopped",
        _ => "",
    };
}
