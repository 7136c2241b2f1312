using Akka.Configuration;
using WasmActors.Actors.Configuration;

namespace WasmActors.Actors.Telemetry;

/// <summary>
/// Where a node serves its figures, its health and its dashboard over HTTP (wasmactors.metrics, wasmactors.health,
/// wasmactors.dashboard); a null port ("off") serves nothing.
/// </summary>
public sealed record OpsEndpointSettings(string MetricsHostname, int? PrometheusPort, string HealthHostname, int? HealthPort, string DashboardHostname, int? DashboardPort)
{
    internal static OpsEndpointSettings Read(Config config)
    {
        var metrics = config.GetConfig("wasmactors.metrics") ?? throw new ConfigurationException("wasmactors.metrics is missing (is reference.conf loaded?)");
        var health = config.GetConfig("wasmactors.health") ?? throw new ConfigurationException("wasmactors.health is missing (is reference.conf loaded?)");
        var dashboard = config.GetConfig("wasmactors.dashboard") ?? throw new ConfigurationException("wasmactors.dashboard is missing (is reference.conf loaded?)");
        return new(
            metrics.GetString(WasmActorsSettings.Present(metrics, "hostname")),
            Port(metrics, "prometheus-port"),
            health.GetString(WasmActorsSettings.Present(health, "hostname")),
            Port(health, "port"),
            dashboard.GetString(WasmActorsSettings.Present(dashboard, "hostname")),
            Port(dashboard, "port"));
    }

    private static int? Port(Config section, string key)
    {
        var text = section.GetString(WasmActorsSettings.Present(section, key));
        if (string.Equals(text, "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return int.TryParse(text, out var port) && port is > 0 and <= 65535 ? port
            : throw new ConfigurationException($"wasmactors {key} must be a TCP port or off, not \"{text}\"");
    }
}
