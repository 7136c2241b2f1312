using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WasmActors.Actors.Hosting;
using WasmActors.TestKit;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A node made by Akka.Hosting (`wasmactors node`, an embedding application) applies the log filters of every node
/// to what reaches Microsoft.Extensions.Logging: Akka.Hosting's own logger ignores them, and a node's log then
/// filled with an error for each command-line client that left.
/// </summary>
public sealed class HostedLogFilterTests
{
    [Fact]
    public async Task AHostedNodeLeavesTheDisassociationNoiseOutOfItsLog()
    {
        var options = new WasmActorsOptions { NodeName = "seed-filter", Roles = ["seed"], Hostname = "127.0.0.1", Port = 0, ClusterCertificate = TestClusterCertificate.Path };
        var builder = Host.CreateApplicationBuilder();
        var lines = new ConcurrentQueue<string>();
        builder.Logging.ClearProviders().AddProvider(new LinesProvider(lines));
        builder.Services.AddAkka(WasmActorsNode.SystemName, (akka, _) => akka.WithWasmActors(options));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var type = typeof(Akka.Remote.RemoteTransportException).Assembly.GetType("Akka.Remote.EndpointDisassociatedException", throwOnError: true)!;
            var disassociated = (Exception)Activator.CreateInstance(type, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, null, ["Disassociated"], null)!;
            system.EventStream.Publish(new Error(disassociated, "endpointWriter", typeof(object), "Disassociated: the noise"));
            var reliableDelivery = typeof(Akka.Remote.RemoteTransportException).Assembly.GetType("Akka.Remote.ReliableDeliverySupervisor", throwOnError: true)!;
            system.EventStream.Publish(new Info("reliableEndpointWriter-x-1", reliableDelivery, "Removing receive buffers for [a]->[b]: the noise too"));
            system.EventStream.Publish(new Info("x", typeof(object), "an info line that stays"));
            system.EventStream.Publish(new Error(new InvalidOperationException("boom"), "endpointWriter", typeof(object), "a real failure"));

            // Events reach the logger in order: once the second is there, the first was dropped or logged before it.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!lines.Any(l => l.Contains("a real failure", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Contains(lines, l => l.Contains("a real failure", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("an info line that stays", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("the noise", StringComparison.Ordinal));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private sealed class LinesProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Lines(lines);

        public void Dispose()
        {
        }
    }

    private sealed class Lines(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
