using System.Net;
using System.Text;
using WasmActors.Transport.Security;

namespace WasmActors.Transport.Ngtcp2;

/// <summary>Builds the shim's configuration from <see cref="PageTransportOptions"/> and creates native
/// connections with it; the PEM and DER buffers only need to live for the duration of the call.</summary>
internal static unsafe class NgQuicOptions
{
    public delegate int Create(in QuicShim.Config config);

    public static int WithConfig(PageTransportOptions options, bool server, IPEndPoint peer, Create create)
    {
        if (server && options.Certificate is null)
        {
            throw new ArgumentException("a QUIC page server needs PageTransportOptions.Certificate");
        }
        if (!server && options.Trust is null)
        {
            throw new ArgumentException("a QUIC page client needs PageTransportOptions.Trust");
        }
        // A client presents its certificate when it has one; a server with Trust requires one (mutual TLS).
        var certificate = options.Certificate is { } own ? Utf8Z(own.CertificatePem) : [0];
        var key = options.Certificate is { } mine ? Utf8Z(mine.PrivateKeyPem) : [0];
        var trust = options.Trust;
        var pinned = trust?.PinnedSha256.SelectMany(p => p).ToArray() ?? [];
        var authorityPem = Utf8Z(string.Concat((trust?.Authorities ?? []).Select(a => a.ExportCertificatePem() + "\n")));
        fixed (byte* cert = certificate, k = key, pin = pinned, ca = authorityPem)
        {
            var config = new QuicShim.Config
            {
                CertificatePem = cert,
                KeyPem = k,
                PinnedSha256 = pin,
                PinnedCount = (uint)(pinned.Length / PeerTrust.Sha256Bytes),
                VerifyClient = server && trust is not null ? 1u : 0u,
                AuthorityPem = ca,
                Window = (ulong)options.QuicWindowBytes,
                IdleTimeoutNs = (ulong)options.IdleTimeout.Ticks * 100,
                HandshakeTimeoutNs = (ulong)options.ConnectTimeout.Ticks * 100,
                MaxUdpPayload = (ulong)UdpPayloadFor(options, peer.Address),
                MaxStreamsBidi = server ? (ulong)options.MaxConcurrentRequests + 1 : 0,
                MaxAckDelayNs = (ulong)options.QuicMaxAckDelay.Ticks * 100,
            };
            return create(config);
        }
    }

    /// <summary>The largest datagram to send to <paramref name="peer"/>: the local-path size when the peer is on
    /// this host (its datagrams never leave the loopback device), the network size otherwise.</summary>
    public static int UdpPayloadFor(PageTransportOptions options, IPAddress peer)
        => LocalAddresses.IsOnThisHost(peer) ? options.QuicLocalUdpPayload : options.QuicMaxUdpPayload;

    private static byte[] Utf8Z(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    public static void ThrowIfUnavailable()
    {
        if (QuicShim.UnavailableReason is { } reason)
        {
            throw new PageTransportException(PageTransportError.Unsupported, reason);
        }
    }
}
