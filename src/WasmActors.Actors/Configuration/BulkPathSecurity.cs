using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using WasmActors.Actors.Messages;
using WasmActors.Transport;
using WasmActors.Transport.Security;

namespace WasmActors.Actors.Configuration;

/// <summary>
/// How the bulk page path authenticates, decided here and nowhere else (docs/adr-012-bulk-path-mutual-tls.md).
/// With wasmactors.remote-tls on, the memory node's page server and the run nodes' clients all present the cluster
/// certificate Akka.Remote uses and accept a peer only by <see cref="ClusterCertificatePin.Trust"/>: mutual TLS, so
/// a client without that certificate never completes a connection. With remote TLS off the cluster itself is
/// unauthenticated, and so is the bulk path: the server presents its own certificate, which clients pin from the
/// snapshot reference, and serves any client.
/// </summary>
internal sealed class BulkPathSecurity : IDisposable
{
    private readonly NodeCertificate? _cluster;
    private readonly PeerTrust? _clusterTrust;
    private readonly Lazy<NodeCertificate> _serverCertificate;

    private BulkPathSecurity(NodeCertificate? cluster, PeerTrust? clusterTrust, BulkSettings bulk)
    {
        _cluster = cluster;
        _clusterTrust = clusterTrust;
        // Unauthenticated mode only: the server's own certificate, made or loaded when a server first needs it.
        _serverCertificate = new(() => bulk.CertificatePem.Length > 0
            ? NodeCertificate.LoadPem(bulk.CertificatePem, bulk.PrivateKeyPem)
            : NodeCertificate.CreateSelfSigned());
    }

    /// <summary>True when both ends present the cluster certificate and accept only the pinned ones.</summary>
    public bool MutualTls => _cluster is not null;

    /// <summary>The decision for a node's ActorSystem: the certificate its Akka.Remote TLS presents, when it has one.</summary>
    public static BulkPathSecurity For(ActorSystem system, BulkSettings bulk)
    {
        var ssl = system.Settings.Setup.Get<DotNettySslSetup>();
        return For(system.Settings.Config, bulk, ssl.HasValue ? ssl.Value.Certificate : null);
    }

    /// <summary>
    /// The decision for <paramref name="config"/>: mutual TLS with <paramref name="remoteTlsCertificate"/> (or, when
    /// null, the certificate wasmactors.remote-tls names) when remote TLS is on. Throws <see cref="ConfigurationException"/>
    /// when remote TLS is on and wasmactors.bulk.tcp-tls is off, since clients cannot be authenticated without TLS.
    /// </summary>
    public static BulkPathSecurity For(Config config, BulkSettings bulk, X509Certificate2? remoteTlsCertificate)
    {
        var tls = RemoteTlsSettings.Read(config);
        Validate(tls, bulk);
        if (!tls.Enabled)
        {
            return new BulkPathSecurity(null, null, bulk);
        }

        var loaded = remoteTlsCertificate is null ? ClusterCertificate.Load(tls) : null;
        try
        {
            var certificate = remoteTlsCertificate ?? loaded!;
            return new BulkPathSecurity(NodeCertificate.FromCertificate(certificate), ClusterCertificatePin.Trust(certificate, tls.AlsoAccept), bulk);
        }
        finally
        {
            loaded?.Dispose();
        }
    }

    /// <summary>Throws <see cref="ConfigurationException"/> for settings the bulk path cannot honour (checked when a node starts, before its actors).</summary>
    public static void Validate(Config config, BulkSettings bulk) => Validate(RemoteTlsSettings.Read(config), bulk);

    private static void Validate(RemoteTlsSettings tls, BulkSettings bulk)
    {
        if (tls.Enabled && bulk.Enabled && !bulk.TcpTls)
        {
            throw new ConfigurationException("wasmactors.bulk.tcp-tls = off would let any client read snapshot pages; with wasmactors.remote-tls on the bulk path authenticates its clients over TLS, so tcp-tls must stay on");
        }
    }

    /// <summary>What the memory node's page server presents (also announced in every snapshot reference).</summary>
    public NodeCertificate ServerCertificate => _cluster ?? _serverCertificate.Value;

    /// <summary>The page server's options: its certificate and, with mutual TLS, the clients it accepts.</summary>
    public PageTransportOptions ServerOptions(WasmActorsSettings settings) => Common(settings) with
    {
        Certificate = ServerCertificate,
        Trust = _clusterTrust,
    };

    /// <summary>A run node's options for <paramref name="endpoint"/>: with mutual TLS the cluster certificate and
    /// pins; otherwise the server certificate the snapshot reference announced, pinned.</summary>
    public PageTransportOptions ClientOptions(WasmActorsSettings settings, BulkEndpoint endpoint)
    {
        if (_clusterTrust is not null)
        {
            return Common(settings) with { Certificate = _cluster, Trust = _clusterTrust };
        }

        using var announced = X509CertificateLoader.LoadCertificate(endpoint.CertificateDer);
        return Common(settings) with { Trust = PeerTrust.Pin(announced) };
    }

    public void Dispose()
    {
        _cluster?.Dispose();
        if (_serverCertificate.IsValueCreated)
        {
            _serverCertificate.Value.Dispose();
        }
    }

    private static PageTransportOptions Common(WasmActorsSettings settings) => new()
    {
        TcpUseTls = settings.Bulk.TcpTls,
        RequestTimeout = settings.Bulk.RequestTimeout,
        QuicMaxUdpPayload = settings.Bulk.QuicMaxUdpPayload,
    };
}
