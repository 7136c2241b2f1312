using WasmActors.Transport.Protocol;
using WasmActors.Transport.Security;

namespace WasmActors.Transport;

/// <summary>Bounds, timeouts and credentials of one page server or client. Every size and every wait
/// the transport has is here, so none of them is unbounded.</summary>
public sealed record PageTransportOptions
{
    /// <summary>Largest frame accepted or sent (header included). Oversized frames close the connection.</summary>
    public int MaxFrameBytes { get; init; } = (1024 * 1024) + 4096;

    /// <summary>Largest number of pages one request may ask for.</summary>
    public int MaxPagesPerRequest { get; init; } = 64 * 1024;

    /// <summary>Largest number of ranges in one request.</summary>
    public int MaxRangesPerRequest { get; init; } = 4096;

    /// <summary>Largest page size a client accepts.</summary>
    public int MaxPageSize { get; init; } = 1024 * 1024;

    /// <summary>Requests a client keeps open at once on one connection; more wait for a slot.</summary>
    public int MaxConcurrentRequests { get; init; } = 1024;

    /// <summary>Connection, TLS handshake and Hello exchange together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Deadline of one fetch, from send to last page.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A connection that hears nothing from its peer for this long is closed (QUIC idle timeout, keep-alives at a third of it).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>This side's certificate and key: required by a server (TLS is always on for QUIC); a client
    /// that has one presents it, which a server with <see cref="Trust"/> requires (mutual TLS).</summary>
    public NodeCertificate? Certificate { get; init; }

    /// <summary>Which peer certificates this side accepts. Required by a client (the server's certificate). On a
    /// server it turns on mutual TLS: a client without a certificate it accepts fails the handshake and never
    /// gets to send a request. A server without it serves any client.</summary>
    public PeerTrust? Trust { get; init; }

    /// <summary>TCP only: wrap the connection in TLS 1.3 (default). Off only on trusted networks.</summary>
    public bool TcpUseTls { get; init; } = true;

    /// <summary>QUIC: connection and stream flow-control windows (ngtcp2 backend).</summary>
    public int QuicWindowBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>QUIC (ngtcp2 backend): largest UDP payload sent to a peer on another host. 1452 fits any
    /// Ethernet path; raise it only where every hop carries larger frames (jumbo frames), since a datagram
    /// too large for the path is lost every time it is sent.</summary>
    public int QuicMaxUdpPayload { get; init; } = 1452;

    /// <summary>QUIC (ngtcp2 backend): largest UDP payload sent to a peer on this host (a loopback address or
    /// one of this machine's own), whose path is the loopback device (MTU 64 KiB). Fewer, larger datagrams
    /// cut the per-packet cost (encryption set-up, system calls, ACKs) that bounds QUIC's throughput.</summary>
    public int QuicLocalUdpPayload { get; init; } = 65000;

    /// <summary>QUIC (ngtcp2 backend): the longest we delay an ACK. The peer's loss timer includes it,
    /// so on a cluster network a short delay makes a lost packet cost little.</summary>
    public TimeSpan QuicMaxAckDelay { get; init; } = TimeSpan.FromMilliseconds(2);

    internal void Validate()
    {
        if (MaxFrameBytes < ProtocolConstants.MinMaxFrameBytes)
        {
            throw new ArgumentException($"MaxFrameBytes must be at least {ProtocolConstants.MinMaxFrameBytes}");
        }
        if (MaxPagesPerRequest < 1 || MaxRangesPerRequest < 1 || MaxConcurrentRequests < 1 || MaxPageSize < 1)
        {
            throw new ArgumentException("page transport limits must be positive");
        }
        if (ConnectTimeout <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero || IdleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("page transport timeouts must be positive");
        }
        if (QuicMaxAckDelay <= TimeSpan.Zero || QuicMaxAckDelay >= TimeSpan.FromMilliseconds(16384))
        {
            throw new ArgumentException("QuicMaxAckDelay must be in (0, 16384) ms");
        }
        if (QuicMaxUdpPayload is < 1200 or > 65000 || QuicLocalUdpPayload is < 1200 or > 65000 || QuicWindowBytes < 64 * 1024)
        {
            throw new ArgumentException("QUIC payload size must be in 1200..65000 and windows at least 64 KiB");
        }
    }
}
