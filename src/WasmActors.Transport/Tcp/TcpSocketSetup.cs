using System.Net.Sockets;

namespace WasmActors.Transport.Tcp;

internal static class TcpSocketSetup
{
    /// <summary>No Nagle delay, and TCP keep-alives so a peer that vanished without a FIN or RST
    /// (power loss, partition) is detected in about <see cref="PageTransportOptions.IdleTimeout"/>.</summary>
    public static void Configure(Socket socket, PageTransportOptions options)
    {
        socket.NoDelay = true;
        var seconds = Math.Max(1, (int)options.IdleTimeout.TotalSeconds);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, Math.Max(1, seconds / 3));
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, Math.Max(1, seconds / 6));
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 4);
    }
}
