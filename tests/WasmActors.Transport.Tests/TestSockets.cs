using System.Net;
using System.Net.Sockets;

namespace WasmActors.Transport.Tests;

internal static class TestSockets
{
    /// <summary>A loopback port nobody listens on (TCP and UDP), picked by binding and releasing it.</summary>
    public static IPEndPoint UnusedLoopbackEndPoint()
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)udp.LocalEndPoint!;
    }
}
