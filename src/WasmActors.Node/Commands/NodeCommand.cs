using System.CommandLine;
using Akka.Configuration;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Hosting;

namespace WasmActors.Node.Commands;

/// <summary><c>wasmactors node --config hocon/run-node.conf</c>: runs one cluster node until Ctrl+C or the cluster removes it.</summary>
internal sealed class NodeCommand : ICliCommand
{
    public Command Build()
    {
        var config = new Option<string>("--config") { Description = "the node's HOCON file (hocon/seed-node.conf, memory-node.conf, run-node.conf)", Required = true, HelpName = "FILE" };
        var port = new Option<int?>("--port") { Description = "override akka.remote.dot-netty.tcp.port", HelpName = "PORT" };
        var name = new Option<string?>("--name") { Description = "override wasmactors.node-name", HelpName = "NAME" };
        var bulkPort = new Option<int?>("--bulk-port") { Description = "override wasmactors.bulk.port (memory nodes)", HelpName = "PORT" };
        var seed = new Option<string?>("--seed") { Description = "override akka.cluster.seed-nodes with this one address", HelpName = "ADDRESS" };
        var certificate = new Option<string?>("--cluster-certificate")
        {
            Description = "Akka.Remote over TLS with this cluster certificate (`wasmactors cert`) instead of the one the HOCON file names (cluster/cluster.pfx in hocon/): sets wasmactors.remote-tls.certificate",
            HelpName = "PFX",
        };
        var command = new Command("node", "Run a WasmActors cluster node (seed, memory or run, by the roles in its HOCON file).") { config, port, name, bulkPort, seed, certificate };
        command.SetAction((result, cancellation) => RunAsync(
            result.GetRequiredValue(config), result.GetValue(port), result.GetValue(name), result.GetValue(bulkPort), result.GetValue(seed),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellation, result.GetValue(certificate)));
        return command;
    }

    public static async Task<int> RunAsync(
        string file, int? port, string? name, int? bulkPort, string? seed, TextWriter output, TextWriter error, CancellationToken cancellation, string? clusterCertificate = null)
    {
        Config config;
        try
        {
            var overrides = (port is { } p ? $"akka.remote.dot-netty.tcp.port = {p}\n" : "")
                + (name is { } n ? $"wasmactors.node-name = \"{n}\"\n" : "")
                + (bulkPort is { } b ? $"wasmactors.bulk.port = {b}\n" : "")
                + (seed is { } s ? $"akka.cluster.seed-nodes = [\"{s}\"]\n" : "")
                + (clusterCertificate is { } c ? $"wasmactors.remote-tls {{ certificate = \"{Path.GetFullPath(c).Replace("\\", "\\\\", StringComparison.Ordinal)}\" }}\n" : "");
            config = ConfigurationFactory.ParseString(overrides).WithFallback(WasmActorsConfig.FromFile(file));
        }
        catch (Exception e) when (e is FileNotFoundException or ConfigurationException or ArgumentException)
        {
            await error.WriteLineAsync($"wasmactors node: {e.Message}");
            return 2;
        }

        WasmActorsNode started;
        try
        {
            started = await WasmActorsNode.StartAsync(config, cancellationToken: cancellation);
        }
        catch (ConfigurationException e)
        {
            // An unusable cluster certificate (missing, wrong password, expired) is found while the system is made.
            await error.WriteLineAsync($"wasmactors node: {e.Message}");
            return 2;
        }

        await using var node = started;
        await output.WriteLineAsync($"node {node.Name} [{string.Join(",", node.Settings.Roles)}] at {node.Address}" + (node.BulkTransport is { } t ? $", bulk pages over {t}" : ""));
        await output.FlushAsync(cancellation);
        try
        {
            await node.System.WhenTerminated.WaitAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            await output.WriteLineAsync($"node {node.Name}: leaving the cluster");
        }

        return 0;
    }
}
