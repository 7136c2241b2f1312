using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WasmActors.Actors.Hosting;

namespace WasmActors.Samples.Hosting;

/// <summary>Logs once when the node becomes ready, through the application's own health checks.</summary>
internal sealed class ReadinessReporter(HealthCheckService health, ILogger<ReadinessReporter> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var report = await health.CheckHealthAsync(check => check.Tags.Contains(WasmActorsHostingExtensions.ReadyTag), stoppingToken);
            if (report.Status == HealthStatus.Healthy)
            {
                log.LogInformation("node ready: {Reason}", string.Join("; ", report.Entries.Values.Select(e => e.Description)));
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken);
        }
    }
}
