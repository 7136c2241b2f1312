using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace WasmActors.Transport.Ngtcp2;

/// <summary>An address + port as a dictionary key. <see cref="SocketAddress"/> equality also compares
/// buffer sizes and padding, which differ between a received address and a serialized endpoint.</summary>
internal readonly record struct PeerKey(UInt128 Address, int Port)
{
    public static PeerKey From(SocketAddress address)
    {
        var bytes = address.Buffer.Span;
        var port = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        return address.Family == AddressFamily.InterNetworkV6
            ? new PeerKey(BinaryPrimitives.ReadUInt128BigEndian(bytes.Slice(8, 16)), port)
            : new PeerKey(BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(4, 4)), port);
    }

    public static PeerKey From(IPEndPoint endpoint) => From(endpoint.Serialize());

    public static unsafe PeerKey From(in QuicShim.Address address)
    {
        fixed (byte* ip = address.Ip)
        {
            var bytes = new ReadOnlySpan<byte>(ip, 16);
            return address.Family == 6
                ? new PeerKey(BinaryPrimitives.ReadUInt128BigEndian(bytes), address.Port)
                : new PeerKey(BinaryPrimitives.ReadUInt32BigEndian(bytes[..4]), address.Port);
        }
    }
}
