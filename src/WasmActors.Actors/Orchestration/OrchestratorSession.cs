using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Hosting;

namespace WasmActors.Actors.Orchestration;

/// <summary>
/// A short-lived cluster member for the command line: joins through the configured seed nodes with the role
/// "orchestrator", offers an <see cref="OrchestratorClient"/>, and leaves the cluster when disposed.
/// </summary>
public sealed class OrchestratorSession : IAsyncDisposable
{
    private OrchestratorSession(ActorSystem system, OrchestratorClient client)
    {
        System = system;
        Client = client;
    }

    public ActorSystem System { get; }

    public OrchestratorClient Client { get; }

    /// <summary>A client configuration: <paramref name="file"/> if given, else seed <paramref name="seed"/> (default 127.0.0.1:4053).</summary>
    public static Config ClientConfig(string? file, string? seed)
    {
        // A client only talks to the nodes; gossip about earlier clients that left is not its business, so only errors are logged.
        var overrides = "akka.cluster.roles = [orchestrator]\nakka.remote.dot-netty.tcp.port = 0\nwasmactors.bulk.enabled = off\n" +
            "akka.loglevel = ERROR\nakka.stdout-loglevel = ERROR\nakka.remote.log-remote-lifecycle-events = off\n";
        if (seed is not null)
        {
            overrides += $"akka.cluster.seed-nodes = [\"{seed}\"]\n";
        }

        var baseConfig = file is null
            ? WasmActorsConfig.FromText("akka.cluster.seed-nodes = [\"akka.tcp://wasmactors@127.0.0.1:4053\"]\nwasmactors.node-name = cli")
            : WasmActorsConfig.FromFile(file);
        return ConfigurationFactory.ParseString(overrides).WithFallback(baseConfig);
    }

    public static async Task<OrchestratorSession> ConnectAsync(Config config, TimeSpan timeout)
    {
        var system = ActorSystem.Create(WasmActorsNode.SystemName, config);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        try
        {
            await up.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await system.Terminate();
            var seeds = string.Join(", ", config.GetStringList("akka.cluster.seed-nodes", []));
            throw new OrchestratorException("connect", $"could not join the cluster through {seeds} within {timeout.TotalSeconds:0} s (is a seed node running?)");
        }

        // Membership arrives by gossip right after joining; give it a moment to list the other nodes.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTime.UtcNow < deadline && Cluster.Get(system).State.Members.Count(m => m.Status == MemberStatus.Up) < 2)
        {
            await Task.Delay(50);
        }

        var settings = WasmActorsExtension.Get(system).Settings;
        return new OrchestratorSession(system, new OrchestratorClient(system, settings.AskTimeout));
    }

    /// <summary>
    /// Connects, runs <paramref name="action"/>, leaves. A refused request or an unreachable cluster prints one line
    /// on <paramref name="error"/> and gives exit status 1.
    /// </summary>
    public static async Task<int> RunAsync(string? configFile, string? seed, TextWriter error, Func<OrchestratorSession, Task<int>> action)
    {
        try
        {
            await using var session = await ConnectAsync(ClientConfig(configFile, seed), TimeSpan.FromSeconds(20));
            return await action(session);
        }
        catch (Exception e) when (e is OrchestratorException or FileNotFoundException or ConfigurationException)
        {
            await error.WriteLineAsync($"wasmactors: {e.Message}");
            return 1;
        }
    }

    public async ValueTask DisposeAsync() =>
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance).WaitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
}
