using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Configuration;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Hosting;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.Orchestration;

/// <summary>
/// A client of the cluster that does not join it (ADR-018): an ActorSystem with Akka.Remote only (over TLS with the
/// cluster certificate, as the nodes), a ClusterClient in contact with the seeds' receptionists, and an
/// <see cref="OrchestratorClient"/> that learns the nodes from a node's directory and then talks to them directly.
/// Disposing stops the system; no node has to notice a member leave.
/// </summary>
public sealed class OrchestratorSession : IAsyncDisposable
{
    private OrchestratorSession(ActorSystem system, ReceptionistDirectory directory, TimeSpan askTimeout)
    {
        System = system;
        Directory = directory;
        Client = new OrchestratorClient(system, askTimeout, directory);
    }

    public ActorSystem System { get; }

    public OrchestratorClient Client { get; }

    /// <summary>The directory the session reached, for questions about the cluster itself.</summary>
    internal ReceptionistDirectory Directory { get; }

    /// <summary>
    /// What a client without a configuration file uses: the same as hocon/client.conf, seed 127.0.0.1:4053 and remote
    /// TLS with cluster/cluster.pfx (relative to the working directory), matching the node files.
    /// </summary>
    internal const string DefaultClientHocon = """
        akka.cluster.seed-nodes = ["akka.tcp://wasmactors@127.0.0.1:4053"]
        wasmactors.node-name = cli
        wasmactors.remote-tls.certificate = "cluster/cluster.pfx"
        """;

    /// <summary>
    /// A node accepting a TLS connection sometimes holds the first message that arrives while it still checks the
    /// client's certificate until the next bytes come (Azure/DotNetty#602): the association then waited for the client's
    /// first transport heartbeat, 4 s by default, in about one connection in four. A heartbeat every 50 ms releases it
    /// at once; a client lives for a second, so the heartbeats cost nothing.
    /// </summary>
    private const string ClientKick = "akka.remote.transport-failure-detector.heartbeat-interval = 50ms\n";

    /// <summary>Akka.Cluster's default acceptable heartbeat pause, for a client file that does not set one.</summary>
    private static readonly TimeSpan ClusterFailureDetectorPause = TimeSpan.FromSeconds(3);

    /// <summary>A client configuration: <paramref name="file"/> if given, else <see cref="DefaultClientHocon"/>; <paramref name="seed"/> replaces the seed nodes.</summary>
    public static Config ClientConfig(string? file, string? seed) =>
        ClientConfig(file is null ? WasmActorsConfig.FromText(DefaultClientHocon) : WasmActorsConfig.FromFile(file), seed);

    /// <summary>A client configuration made from <paramref name="baseConfig"/> (a client's or a node's file); <paramref name="seed"/> replaces the seed nodes.</summary>
    internal static Config ClientConfig(Config baseConfig, string? seed)
    {
        // Akka.Remote only: the client is no member. Nothing of Akka's own log is printed, so that a command's output
        // is its answer (--json output must parse): even a handshake cut short by the client's exit logs an error.
        // Every failure reaches the user as the command's one line on standard error.
        // A command lives for a second: warming the serializer up for every message type would cost more than it saves.
        var overrides = "akka.actor.provider = remote\nakka.remote.dot-netty.tcp.port = 0\nwasmactors.bulk.enabled = off\nwasmactors.serializer-warm-up = off\n" +
            "akka.loglevel = OFF\nakka.stdout-loglevel = OFF\nakka.remote.log-remote-lifecycle-events = off\n" +
            ClientKick;
        if (seed is not null)
        {
            overrides += $"akka.cluster.seed-nodes = [\"{seed}\"]\n";
        }

        var config = ConfigurationFactory.ParseString(overrides).WithFallback(baseConfig);

        // The client watches the nodes it depends on (a followed program's run node, both ends of a migration) with
        // Akka.Remote's failure detector; it gives up on a node as soon as the cluster's own detector would, not 10 s later.
        var pause = config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause", ClusterFailureDetectorPause);
        return ConfigurationFactory.ParseString($"akka.remote.watch-failure-detector.acceptable-heartbeat-pause = {pause.TotalMilliseconds:0}ms").WithFallback(config);
    }

    /// <summary>
    /// Contacts the cluster through the receptionists of akka.cluster.seed-nodes and asks a node's directory once.
    /// The system is made by <see cref="WasmActorsSystem.Create"/>, so with wasmactors.remote-tls on it speaks TLS with
    /// the cluster certificate; an unusable certificate throws <see cref="ConfigurationException"/> before anything
    /// is started. Seeds that all refuse the connection, or no answer within wasmactors.client.contact-timeout, throw
    /// <see cref="OrchestratorException"/> naming the seeds. <paramref name="waitForCluster"/> is for a cluster still
    /// starting: refusals are retried, and only no answer within that long throws.
    /// </summary>
    public static async Task<OrchestratorSession> ConnectAsync(Config config, TimeSpan? waitForCluster = null)
    {
        var within = waitForCluster ?? ClientSettings.Read(config).ContactTimeout;
        var tls = RemoteTlsSettings.Read(config);
        var system = WasmActorsSystem.Create(config, WasmActorsNode.SystemName);
        try
        {
            // The system's own configuration: with TLS on, seeds written akka.tcp:// are dialled as akka.ssl.tcp://.
            var seeds = system.Settings.Config.GetStringList("akka.cluster.seed-nodes", []);
            if (seeds.Count == 0)
            {
                throw new OrchestratorException("connect", "no seed node to contact: set WASMACTORS_SEED or --seed, or akka.cluster.seed-nodes in the client file");
            }

            var contacts = seeds.Select(ReceptionistOf).ToImmutableHashSet();
            var contact = SeedContact.Watch(system, contacts.Select(c => c.Address).ToArray());
            var clusterClient = system.ActorOf(ClusterClient.Props(ClusterClientSettings.Create(system).WithInitialContacts(contacts)), "cluster-client");
            var settings = WasmActorsExtension.Get(system).Settings;
            var directory = new ReceptionistDirectory(clusterClient, settings.AskTimeout);
            var where = string.Join(", ", seeds);
            var noAnswer = new OrchestratorException("connect", $"no node answered at {where} within {within.TotalSeconds:0.#} s " +
                (tls.Enabled ? "(is a seed node running there, with remote TLS on and the same cluster certificate?)" : "(is a seed node running there, with insecure-plaintext = on like this client?)"));
            if (waitForCluster is not null)
            {
                // A cluster still starting: refusals are retried by the ClusterClient, only the whole wait counts.
                await AwaitDirectory(directory.AskAsync(within), system, tls, where, noAnswer);
                return new OrchestratorSession(system, directory, settings.AskTimeout);
            }

            // The contact timeout runs until a seed completes the handshake; the directory then has the ask timeout.
            var askWithin = within > settings.AskTimeout ? within : settings.AskTimeout;
            var first = directory.AskAsync(askWithin);
            var contactDeadline = Task.Delay(within);
            var ended = await Task.WhenAny(first, contact.AllRefused, system.WhenTerminated, Task.WhenAny(contact.Associated, contactDeadline));
            if (ended == contact.AllRefused)
            {
                throw new OrchestratorException("connect", $"no seed node is reachable at {where}: {contact.AllRefused.Result}");
            }

            if (ended != first && ended != system.WhenTerminated && !contact.Associated.IsCompleted)
            {
                throw noAnswer;
            }

            await AwaitDirectory(first, system, tls, where, new OrchestratorException("connect", $"the seed at {where} accepted the connection, but no node directory answered within {askWithin.TotalSeconds:0.#} s"));
            return new OrchestratorSession(system, directory, settings.AskTimeout);
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    /// <summary>The directory's answer, or the reason there is none as an <see cref="OrchestratorException"/>.</summary>
    private static async Task AwaitDirectory(Task<ClusterDirectory> answer, ActorSystem system, RemoteTlsSettings tls, string where, OrchestratorException noAnswer)
    {
        if (await Task.WhenAny(answer, system.WhenTerminated) != answer)
        {
            // Akka.Remote stops a system whose outbound TLS handshake fails: the seed speaks plain text, presented a
            // certificate this client does not pin, or refused this client's.
            throw new OrchestratorException("connect", tls.Enabled
                ? $"the connection to {where} failed its TLS handshake and the client stopped: the cluster speaks plain text or holds another cluster certificate than {tls.CertificatePath}"
                : $"the client stopped before reaching the cluster through {where}");
        }

        try
        {
            await answer;
        }
        catch (AskTimeoutException)
        {
            throw noAnswer;
        }
    }

    /// <summary>
    /// Connects, runs <paramref name="action"/>, stops. A refused request or an unreachable cluster prints one line
    /// on <paramref name="error"/> and gives exit status 1.
    /// </summary>
    internal static async Task<int> RunAsync(string? configFile, string? seed, TextWriter error, Func<OrchestratorSession, Task<int>> action)
    {
        try
        {
            await using var session = await ConnectAsync(ClientConfig(configFile, seed));
            return await action(session);
        }
        catch (Exception e) when (e is OrchestratorException or FileNotFoundException or ConfigurationException or FormatException)
        {
            await error.WriteLineAsync($"wasmactors: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Stops the client's system, waiting for at most 10 s: a system slow to stop (a loaded machine, a peer that does
    /// not answer the goodbye) must not fail the command that already has its answer, or the node starting behind an
    /// earlier-incarnation check; it goes on stopping in the background.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await System.Terminate().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    private static ActorPath ReceptionistOf(string seed) =>
        ActorPath.TryParse($"{seed.TrimEnd('/')}/system/receptionist", out var path)
            ? path
            : throw new OrchestratorException("connect", $"seed {seed} is not an Akka address such as akka.tcp://wasmactors@127.0.0.1:4053");
}
