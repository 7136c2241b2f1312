using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace WasmActors.Actors.Telemetry;

/// <summary>
/// The node's Prometheus scrape endpoint (http://hostname:port/metrics): an OpenTelemetry meter provider reading
/// <see cref="WasmActorsMetrics.Meter"/>. It exports every node of the process, each figure tagged with its node.
/// </summary>
internal static class PrometheusEndpoint
{
    public static MeterProvider Start(string node, string hostname, int port) =>
        Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => resource.AddService("wasmactors", serviceInstanceId: node))
            .AddMeter(WasmActorsMetrics.Name)
            .AddPrometheusHttpListener(options =>
            {
                options.Host = hostname;
                options.Port = port;
            })
            .Build();
}
