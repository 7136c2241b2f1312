using System.CommandLine;
using WasmActors.Actors;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Commands;

/// <summary>
/// After a migration or a detached fork: waits (bounded by --independence-wait) until the instance has pulled
/// everything still on the memory node and prints that moment (docs/adr-021-independent-after-migration.md).
/// </summary>
internal static class IndependenceReport
{
    public static Option<double> WaitOption() => new("--independence-wait")
    {
        Description = "seconds to wait for the instance to hold every page itself (independent of the memory node); 0: do not wait",
        DefaultValueFactory = _ => 120,
        HelpName = "SECONDS",
    };

    public static async Task WriteAsync(TextWriter output, OrchestratorClient client, string node, string instanceId, double seconds)
    {
        if (seconds <= 0)
        {
            return;
        }

        var bound = TimeSpan.FromSeconds(seconds);
        await output.WriteLineAsync(Describe(await client.WaitIndependentAsync(node, instanceId, bound), bound));
    }

    private static string Describe(InstanceInfo row, TimeSpan bound) => row switch
    {
        { RemotePages: 0, IndependentAfterSeconds: { } after } => $"{row.InstanceId} independent of the memory node after {after:F1} s ({ByteSize.Format(row.PulledBytes ?? 0)} pulled)",
        { Independent: true } => $"{row.InstanceId} independent of the memory node",
        { EndedAt: not null } => $"{row.InstanceId} ended before it was independent of the memory node",
        _ => $"{row.InstanceId} still has {row.RemotePages} pages on the memory node after {bound.TotalSeconds:0.#} s; the pull goes on (see `wasmactors ls`)",
    };
}
