using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using WasmActors.Actors.Configuration;

namespace WasmActors.Actors.Hosting;

/// <summary>
/// Creates the ActorSystem of a node or client from its configuration, with Akka.Remote over TLS unless
/// wasmactors.remote-tls.insecure-plaintext is on. The pinned peer check cannot be expressed in HOCON (Akka's own ssl block only
/// validates chains against the OS trust store), so every system of a TLS cluster must be made here.
/// </summary>
public static class WasmActorsSystem
{
    private const string PlainScheme = "akka.tcp://";
    private const string TlsScheme = "akka.ssl.tcp://";

    /// <summary>
    /// Makes the system; one started with insecure-plaintext = on logs <see cref="RemoteTlsSettings.PlaintextWarning"/>
    /// at once (and, for a client whose log shows errors only, on standard error), so plain text is never silent.
    /// </summary>
    public static ActorSystem Create(Config config, string name = WasmActorsNode.SystemName)
    {
        var system = ActorSystem.Create(name, Setup(config));
        WarnIfPlaintext(system);
        return system;
    }

    /// <summary>
    /// The setup for <see cref="ActorSystem.Create(string, ActorSystemSetup)"/> (or a TestKit). Unless plain text
    /// was asked for: the cluster certificate, mutual authentication, the pin as the only validator, and seed nodes written as
    /// akka.tcp:// dialled as akka.ssl.tcp:// (a TLS node has no plain-text transport to reach them otherwise).
    /// Throws <see cref="ConfigurationException"/> for an unusable certificate. Either way the log leaves out
    /// what Akka.Remote logs each time a peer's connection ends (<see cref="DisassociationNoiseFilter"/>).
    /// </summary>
    public static ActorSystemSetup Setup(Config config)
    {
        var (effective, setups) = Parts(config);
        return setups.Aggregate(ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(effective)), (all, setup) => all.And(setup));
    }

    /// <summary>
    /// What <see cref="Setup"/> is made of, for a builder that makes the system itself (Akka.Hosting): the
    /// configuration with the TLS overrides on top, and the setups beside it (TLS, log filters).
    /// </summary>
    internal static (Config Config, Setup[] Setups) Parts(Config config)
    {
        // The receptionist (nodes) and ClusterClient (clients) bring their serializers in their own defaults.
        config = config.WithFallback(ClusterClientReceptionist.DefaultConfig()).WithFallback(DistributedPubSub.DefaultConfig());
        var tls = RemoteTlsSettings.Read(config);
        if (!tls.Enabled)
        {
            return (config, [LogFilters]);
        }

        var certificate = ClusterCertificate.Load(tls);
        var seeds = config.GetStringList("akka.cluster.seed-nodes", [])
            .Select(seed => seed.StartsWith(PlainScheme, StringComparison.Ordinal) ? TlsScheme + seed[PlainScheme.Length..] : seed);
        var overrides = ConfigurationFactory.ParseString(
            "akka.remote.dot-netty.tcp.enable-ssl = on\n" +
            $"akka.cluster.seed-nodes = [{string.Join(", ", seeds.Select(WasmActorsOptions.Quote))}]\n");
        var ssl = new DotNettySslSetup(
            certificate,
            suppressValidation: false,
            requireMutualAuthentication: true,
            validateCertificateHostname: false,
            customValidator: ClusterCertificatePin.Validator(certificate, tls.AlsoAccept));
        return (overrides.WithFallback(config), [ssl, LogFilters]);
    }

    /// <summary>Logs (and, for a client whose log shows errors only, prints) the plain-text warning when TLS is off.</summary>
    internal static void WarnIfPlaintext(ActorSystem system)
    {
        if (!RemoteTlsSettings.Read(system.Settings.Config).Enabled)
        {
            system.Log.Warning(RemoteTlsSettings.PlaintextWarning);
            if (!system.Log.IsWarningEnabled)
            {
                Console.Error.WriteLine("warning: " + RemoteTlsSettings.PlaintextWarning);
            }
        }
    }

    private static LogFilterSetup LogFilters => new LogFilterBuilder().Add(new DisassociationNoiseFilter()).Build();
}
