using System.CommandLine;
using Spectre.Console;
using WasmActors.Actors;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Commands;

/// <summary><c>wasmactors stats</c>: one row of counters per run and memory node.</summary>
internal sealed class StatsCommand : ICliCommand
{
    public Command Build()
    {
        var command = new Command("stats", "Show the counters of every run and memory node of a running cluster.");
        var client = new ClientOptions();
        client.AddTo(command, json: true);
        command.SetAction(result => client.RunAsync(result, async session =>
        {
            var stats = await session.Client.StatsAsync();
            if (client.Json(result))
            {
                await JsonOutput.WriteAsync(result.InvocationConfiguration.Output, stats);
                return 0;
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(result.InvocationConfiguration.Output) });
            console.Profile.Width = Math.Max(console.Profile.Width, 180);
            var table = new Table().AddColumns("node", "roles", "instances", "snapshots", "page requests", "chunks", "bytes", "bulk bytes", "bulk fallbacks", "late replies", "forks", "fork→1st instr. p50/p99 µs");
            foreach (var s in stats)
            {
                var instances = s.Roles.Contains("run") ? $"{s.Instances} ({s.RunningInstances} running, {s.WaitingInstances} waiting)" : s.Instances.ToString();
                var snapshots = s.Roles.Contains("memory") ? $"{s.Snapshots} ({ByteSize.Format(s.StoredBytes)} of {ByteSize.Format(s.MaxStoredBytes)})" : s.Snapshots.ToString();
                table.AddRow(s.Node, string.Join(",", s.Roles), instances, snapshots, s.PageFaultsServed.ToString(),
                    s.ChunksServed.ToString(), s.BytesServed.ToString(), s.BulkBytesServed.ToString(), s.Roles.Contains("run") ? s.BulkFallbacks.ToString() : "—", s.LateRepliesIgnored.ToString(),
                    s.ForksStarted.ToString(), s.ForkFirstInstructionP50Microseconds is { } p50 ? $"{p50:F0}/{s.ForkFirstInstructionP99Microseconds:F0}" : "—");
            }

            console.Write(table);
            return 0;
        }));
        return command;
    }
}
