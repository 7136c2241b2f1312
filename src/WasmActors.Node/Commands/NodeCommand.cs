using System.CommandLine;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
        var seed = new Option<string?>("--seed") { Description = "override akka.cluster.seed-nodes with this one address, akka.tcp://wasmactors@HOST:PORT or HOST:PORT", HelpName = "ADDRESS" };
        var certificate = new Option<string?>("--cluster-certificate")
        {
            Description = "Akka.Remote over TLS with this cluster certificate (`wasmactors cert`) instead of the one the HOCON file names (cluster/cluster.pfx in hocon/): sets wasmactors.remote-tls.certificate",
            HelpName = "PFX",
        };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "serve Prometheus figures at http://127.0.0.1:PORT/metrics (wasmactors.metrics.prometheus-port)", HelpName = "PORT" };
        var healthPort = new Option<int?>("--health-port") { Description = "serve /health/live and /health/ready at http://127.0.0.1:PORT (wasmactors.health.port)", HelpName = "PORT" };
        var dashboardPort = new Option<int?>("--dashboard-port") { Description = "serve the live dashboard at http://127.0.0.1:PORT/ (wasmactors.dashboard.port; the node logs the address with its token)", HelpName = "PORT" };
        var command = new Command("node", "Run a WasmActors cluster node (seed, memory or run, by the roles in its HOCON file).") { config, port, name, bulkPort, seed, certificate, metricsPort, healthPort, dashboardPort };
        command.SetAction((result, cancellation) => RunAsync(
            new WasmActorsOptions
            {
                ConfigFile = result.GetRequiredValue(config),
                Port = result.GetValue(port),
                NodeName = result.GetValue(name),
                BulkPort = result.GetValue(bulkPort),
                Seeds = result.GetValue(seed) is { } s ? [s] : [],
                ClusterCertificate = result.GetValue(certificate),
                PrometheusPort = result.GetValue(metricsPort),
                HealthPort = result.GetValue(healthPort),
                DashboardPort = result.GetValue(dashboardPort),
            },
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellation));
        return command;
    }

    /// <summary>The exit status of a node the cluster downed, or whose join gave up.</summary>
    public const int LeftUnaskedExitCode = 3;

    public static async Task<int> RunAsync(WasmActorsOptions options, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        try
        {
            options.Seeds = [.. options.Seeds.Select(ClientOptions.SeedAddress)];
            // Read the file and load the cluster certificate here, so that a mistake in either is one clear line and
            // exit code 2 rather than a failed host start.
            _ = WasmActorsSystem.Setup(options.ToConfig());
        }
        catch (Exception e) when (e is FileNotFoundException or ConfigurationException or ArgumentException or FormatException)
        {
            await error.WriteLineAsync($"wasmactors node: {e.Message}");
            return 2;
        }

        try
        {
            await EarlierIncarnationWait.RunAsync(options.ToConfig(), output, cancellation);
        }
        catch (OperationCanceledException)
        {
            return 0;
        }

        // The same builder an application embedding a node uses (WasmActorsHostingExtensions).
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Services.AddAkka(WasmActorsNode.SystemName, (akka, _) => akka.WithWasmActors(options));
        using var host = builder.Build();
        try
        {
            await host.StartAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            return 0;
        }

        var system = host.Services.GetRequiredService<ActorSystem>();
        if (NodeRoles.Of(system) is not { } roles)
        {
            await error.WriteLineAsync("wasmactors node: the node's roles did not start (see the log above)");
            await host.StopAsync(CancellationToken.None);
            return 1;
        }

        await output.WriteLineAsync($"node {roles.Settings.NodeName} [{string.Join(",", roles.Settings.Roles)}] at {Cluster.Get(system).SelfAddress}" + (roles.BulkTransport is { } t ? $", bulk pages over {t}" : ""));
        await output.FlushAsync(cancellation);
        try
        {
            await host.WaitForShutdownAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            await output.WriteLineAsync($"node {roles.Settings.NodeName}: leaving the cluster");
            await host.StopAsync(CancellationToken.None);
        }

        // Downed by the cluster, or its join given up (akka.cluster.shutdown-after-unsuccessful-join-seed-nodes): a
        // failure, so that a supervisor (systemd's Restart=on-failure, docs/deploy.md) starts a fresh incarnation.
        if (CoordinatedShutdown.Get(system).ShutdownReason is CoordinatedShutdown.ClusterDowningReason or CoordinatedShutdown.ClusterJoinUnsuccessfulReason)
        {
            await error.WriteLineAsync($"wasmactors node: {roles.Settings.NodeName} left the cluster without being asked ({CoordinatedShutdown.Get(system).ShutdownReason!.GetType().Name}); exiting with {LeftUnaskedExitCode} so that its supervisor starts it again");
            return LeftUnaskedExitCode;
        }

        return 0;
    }
}
