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

    /// <summary>
    /// What a client without --config uses: the same as hocon/client.conf, seed 127.0.0.1:4053 and remote TLS with
    /// cluster/cluster.pfx (relative to the working directory), matching the node files.
    /// </summary>
    public const string DefaultClientHocon = """
        akka.cluster.seed-nodes = ["akka.tcp://wasmactors@127.0.0.1:4053"]
        wasmactors.node-name = cli
        wasmactors.remote-tls.certificate = "cluster/cluster.pfx"
        """;

    /// <summary>A client configuration: <paramref name="file"/> if given, else <see cref="DefaultClientHocon"/>; <paramref name="seed"/> replaces the seed nodes.</summary>
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
            ? WasmActorsConfig.FromText(DefaultClientHocon)
            : WasmActorsConfig.FromFile(file);
        return ConfigurationFactory.ParseString(overrides).WithFallback(baseConfig);
    }

    /// <summary>
    /// Joins the cluster as a client. The system is made by <see cref="WasmActorsSystem.Create"/>, so with
    /// wasmactors.remote-tls on it speaks TLS with the cluster certificate; an unusable certificate throws
    /// <see cref="ConfigurationException"/> before anything is started.
    /// </summary>
    public static async Task<OrchestratorSession> ConnectAsync(Config config, TimeSpan timeout)
    {
        var system = WasmActorsSystem.Create(config, WasmActorsNode.SystemName);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        var seeds = string.Join(", ", Cluster.Get(system).Settings.SeedNodes);
        var tls = RemoteTlsSettings.Read(config);
        var ended = await Task.WhenAny(up.Task, system.WhenTerminated, Task.Delay(timeout));
        if (ended == system.WhenTerminated)
        {
            // Akka.Remote stops a system whose outbound TLS handshake fails: the seed speaks plain text, presented a
            // certificate this client does not pin, or refused this client's.
            throw new OrchestratorException("connect", tls.Enabled
                ? $"the connection to {seeds} failed its TLS handshake and the client stopped: the cluster speaks plain text or holds another cluster certificate than {tls.CertificatePath}"
                : $"the client stopped before joining the cluster through {seeds}");
        }

        if (ended != up.Task)
        {
            await system.Terminate();
            throw new OrchestratorException("connect", $"could not join the cluster through {seeds} within {timeout.TotalSeconds:0} s " +
                (tls.Enabled ? "(is a seed node running, with remote TLS on and the same cluster certificate?)" : "(is a seed node running, with insecure-plaintext = on like this client?)"));
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
        catch (Exception e) when (e is OrchestratorException or FileNotFoundException or ConfigurationException or FormatException)
        {
            await error.WriteLineAsync($"wasmactors: {e.Message}");
            return 1;
        }
    }

    public async ValueTask DisposeAsync() =>
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance).WaitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
}
