using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using WasmActors.Actors.Health;

namespace WasmActors.Actors.Hosting;

/// <summary>
/// WasmActors in an application's own ActorSystem through Akka.Hosting: the node's configuration (options over a
/// HOCON file over the defaults), Akka.Remote over TLS with the pinned cluster certificate, the Hyperion allow-list,
/// Akka's log through Microsoft.Extensions.Logging, liveness and readiness health checks, and the roles
/// (<see cref="NodeRoles"/>) started once the system runs. <c>wasmactors node</c> starts its node the same way.
/// </summary>
public static class WasmActorsHostingExtensions
{
    /// <summary>Tag of the readiness check (<see cref="NodeHealth.Ready"/>).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Tag of the liveness check (<see cref="NodeHealth.Live"/>).</summary>
    public const string LiveTag = "live";

    /// <summary>
    /// Adds the ActorSystem <see cref="WasmActorsNode.SystemName"/> with WasmActors, configured by the options bound
    /// from <paramref name="section"/> (appsettings.json, environment variables) and then by <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddWasmActors(this IServiceCollection services, IConfiguration section, Action<WasmActorsOptions>? configure = null, Action<AkkaConfigurationBuilder, IServiceProvider>? more = null)
    {
        var options = services.AddOptions<WasmActorsOptions>().Bind(section);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // The node's checks (WithWasmActors) join the application's HealthCheckService.
        services.AddHealthChecks();
        return services.AddAkka(WasmActorsNode.SystemName, (builder, provider) =>
        {
            builder.WithWasmActors(provider.GetRequiredService<IOptions<WasmActorsOptions>>().Value);
            more?.Invoke(builder, provider);
        });
    }

    /// <summary>Adds WasmActors to the system <paramref name="builder"/> makes (see the class summary).</summary>
    public static AkkaConfigurationBuilder WithWasmActors(this AkkaConfigurationBuilder builder, WasmActorsOptions options)
    {
        var (config, setups) = WasmActorsSystem.Parts(options.ToConfig());
        builder.AddHocon(config, HoconAddMode.Prepend);
        foreach (var setup in setups)
        {
            builder.AddSetup(setup);
        }

        builder.ConfigureLoggers(loggers => loggers.ClearLoggers().AddLogger<FilteringLoggerFactoryLogger>());
        builder.WithHealthCheck("wasmactors-live", (system, _, _) => Task.FromResult(Result(NodeHealth.Live(system))), HealthStatus.Unhealthy, [LiveTag]);
        builder.WithHealthCheck("wasmactors-ready", (system, _, _) => Task.FromResult(Result(NodeHealth.Ready(system))), HealthStatus.Unhealthy, [ReadyTag]);
        builder.AddStartup(async (system, _) =>
        {
            WasmActorsSystem.WarnIfPlaintext(system);
            await NodeRoles.StartAsync(system);
        });
        return builder;
    }

    private static HealthCheckResult Result((bool Healthy, string Reason) health) =>
        health.Healthy ? HealthCheckResult.Healthy(health.Reason) : HealthCheckResult.Unhealthy(health.Reason);
}
