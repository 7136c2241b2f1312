using System.CommandLine;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Node.Commands;

/// <summary>
/// <c>wasmactors fork SNAPSHOT --granularity … --mode cow|nocow --count N</c>: N instances from one snapshot, one
/// message. With <c>--follow</c> (one fork only) the command owns the fork and prints its output from its first
/// instruction until it ends, as <c>deploy --follow</c> does; <c>logs</c> would miss what it printed first.
/// </summary>
internal sealed class ForkCommand : ICliCommand
{
    public Command Build()
    {
        var snapshot = new Argument<string>("SNAPSHOT") { Description = "the snapshot id (see `wasmactors ls`)" };
        var granularity = new Option<string>("--granularity") { Description = "page | mixture | instance | module | wasm", DefaultValueFactory = _ => "mixture" };
        var mode = new Option<string>("--mode") { Description = "cow (start at once, pull pages on first touch) | nocow (copy everything first)", DefaultValueFactory = _ => "cow" };
        var count = new Option<int>("--count") { Description = "how many instances (sent as one request)", DefaultValueFactory = _ => 1 };
        var node = new Option<string?>("--node") { Description = "the run node (default: the least loaded)", HelpName = "NAME" };
        var follow = new Option<bool>("--follow", "-f") { Description = "print the fork's output here from its first instruction until it ends (with --count 1); the status is then the program's" };
        var detach = new Option<bool>("--detach") { Description = "pull everything still on the memory node in the background, so the forks no longer depend on it (forks share pages otherwise)" };
        var wait = IndependenceReport.WaitOption();
        var command = new Command("fork", "Fork a snapshot into new instances on a run node.") { snapshot, granularity, mode, count, node, follow, detach, wait };
        var client = new ClientOptions();
        client.AddTo(command, json: true);
        var limits = new LimitOptions();
        limits.AddTo(command);
        command.SetAction(result =>
        {
            var error = result.InvocationConfiguration.Error;
            if (!Enum.TryParse<Granularity>(result.GetValue(granularity), ignoreCase: true, out var g) || !Enum.IsDefined(g))
            {
                error.WriteLine($"wasmactors fork: unknown granularity {result.GetValue(granularity)} (page, mixture, instance, module, wasm)");
                return Task.FromResult(2);
            }

            CopyMode? m = result.GetValue(mode)?.ToLowerInvariant() switch { "cow" => CopyMode.Cow, "nocow" => CopyMode.NoCow, _ => null };
            if (m is null)
            {
                error.WriteLine($"wasmactors fork: unknown mode {result.GetValue(mode)} (cow, nocow)");
                return Task.FromResult(2);
            }

            var following = result.GetValue(follow);
            if (following && result.GetValue(count) != 1)
            {
                error.WriteLine("wasmactors fork: --follow prints one fork's output; use --count 1");
                return Task.FromResult(2);
            }

            return client.RunAsync(result, async session =>
            {
                var asked = limits.Read(result);
                var json = client.Json(result);
                var program = following ? new ProgramOutput(session.System) : null;
                var forked = await TransferDisplay.RunAsync(result.InvocationConfiguration.Output, json, progress => session.Client.ForkAsync(result.GetRequiredValue(snapshot), g, m.Value, result.GetValue(count), program?.Ref, result.GetValue(node), progress, asked, result.GetValue(detach) ? true : null));
                if (json)
                {
                    await JsonOutput.WriteAsync(result.InvocationConfiguration.Output, forked);
                    return program is null ? 0 : await FollowedOutput.PrintOwnedUntilEndAsync(session.Client, program, forked.InstanceIds[0], forked.Node, result.InvocationConfiguration.Output, error);
                }

                var cost = forked.Cost;
                await result.InvocationConfiguration.Output.WriteLineAsync(
                    $"{forked.InstanceIds.Length} instance(s) on {forked.Node} from {forked.SnapshotId} ({cost.Granularity}, {cost.Mode}): " +
                    $"{cost.BytesBeforeFirstInstruction} bytes before the first instruction in {cost.RoundTrips} round trips, " +
                    $"restore {cost.RestoreMilliseconds:F1} ms, {cost.MeanForkMicroseconds:F1} µs per fork" +
                    (cost.FirstInstructionMicroseconds is { } first ? $", last first instruction {first:F0} µs after the request arrived" : ""));
                foreach (var id in forked.InstanceIds.Take(20))
                {
                    await result.InvocationConfiguration.Output.WriteLineAsync(id);
                }

                if (result.GetValue(detach))
                {
                    // The forks of one request share one restore and so one pull: the first one's report holds for all.
                    await IndependenceReport.WriteAsync(result.InvocationConfiguration.Output, session.Client, forked.Node, forked.InstanceIds[0], result.GetValue(wait));
                }

                return program is null ? 0 : await FollowedOutput.PrintOwnedUntilEndAsync(session.Client, program, forked.InstanceIds[0], forked.Node, result.InvocationConfiguration.Output, error);
            });
        });
        return command;
    }
}
