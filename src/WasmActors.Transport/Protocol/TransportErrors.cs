using System.Net.Sockets;
using System.Security.Authentication;

namespace WasmActors.Transport.Protocol;

/// <summary>Maps the exceptions of sockets, TLS and streams to the transport's typed errors.</summary>
internal static class TransportErrors
{
    public static PageTransportException ToTransportException(Exception e, string context) => e switch
    {
        PageTransportException p => p,
        AuthenticationException a => new PageTransportException(PageTransportError.CertificateRejected, $"{context}: TLS handshake failed: {a.Message}", a),
        TimeoutException t => new PageTransportException(PageTransportError.Timeout, $"{context}: timed out", t),
        SocketException s when s.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable
            => new PageTransportException(PageTransportError.ConnectFailed, $"{context}: {s.Message}", s),
        _ => new PageTransportException(PageTransportError.ConnectionClosed, $"{context}: {e.Message}", e),
    };
}
