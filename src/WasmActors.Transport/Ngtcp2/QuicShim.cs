using System.Runtime.InteropServices;

namespace WasmActors.Transport.Ngtcp2;

/// <summary>P/Invoke surface of native/quicshim (libwasmactors_quicshim.so). Every call for one
/// connection happens on that connection's endpoint loop thread.</summary>
internal static unsafe partial class QuicShim
{
    private const string Library = "wasmactors_quicshim";

    public const int ErrStreamIdBlocked = -208;

    public const int EventHandshakeDone = 1;
    public const int EventStreamOpen = 2;
    public const int EventStreamData = 3;
    public const int EventStreamClose = 4;
    public const int EventStreamReset = 5;
    public const int EventStopSending = 6;
    public const int EventStreamsAvailable = 7;

    public const int CloseIdle = 1;
    public const int CloseHandshakeTimeout = 2;
    public const int CloseCertificateRejected = 3;
    public const int CloseTls = 4;
    public const int ClosePeer = 5;
    public const int CloseProtocol = 6;
    public const int CloseLocal = 7;
    public const int CloseRefused = 8;

    [StructLayout(LayoutKind.Sequential)]
    public struct Address
    {
        public fixed byte Ip[16];
        public ushort Port;
        public byte Family;
        public byte Reserved;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Config
    {
        public byte* CertificatePem;
        public byte* KeyPem;
        public byte* PinnedSha256;
        public uint PinnedCount;
        public uint VerifyClient;
        public byte* AuthorityPem;
        public ulong Window;
        public ulong IdleTimeoutNs;
        public ulong HandshakeTimeoutNs;
        public ulong MaxUdpPayload;
        public ulong MaxStreamsBidi;
        public ulong MaxAckDelayNs;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Event
    {
        public int Type;
        public int Fin;
        public long StreamId;
        public ulong AppErrorCode;
        public byte* Data;
        public ulong DataLength;
    }

    [LibraryImport(Library, EntryPoint = "qs_client_new")]
    public static partial int ClientNew(out IntPtr connection, in Config config, in Address local, in Address remote, ulong now);

    [LibraryImport(Library, EntryPoint = "qs_server_new")]
    public static partial int ServerNew(out IntPtr connection, in Config config, byte* packet, nuint length, in Address local, in Address remote, ulong now);

    [LibraryImport(Library, EntryPoint = "qs_conn_free")]
    public static partial void Free(IntPtr connection);

    [LibraryImport(Library, EntryPoint = "qs_conn_read")]
    public static partial int Read(IntPtr connection, byte* packet, nuint length, ulong now);

    [LibraryImport(Library, EntryPoint = "qs_conn_write")]
    public static partial nint Write(IntPtr connection, byte* buffer, nuint capacity, ulong now);

    [LibraryImport(Library, EntryPoint = "qs_conn_next_event")]
    public static partial int NextEvent(IntPtr connection, out Event e);

    [LibraryImport(Library, EntryPoint = "qs_conn_expiry")]
    public static partial ulong Expiry(IntPtr connection);

    [LibraryImport(Library, EntryPoint = "qs_conn_handle_expiry")]
    public static partial int HandleExpiry(IntPtr connection, ulong now);

    [LibraryImport(Library, EntryPoint = "qs_conn_close")]
    public static partial nint Close(IntPtr connection, byte* buffer, nuint capacity, ulong appError, ulong now);

    [LibraryImport(Library, EntryPoint = "qs_conn_is_closed")]
    public static partial int IsClosed(IntPtr connection);

    [LibraryImport(Library, EntryPoint = "qs_conn_close_reason")]
    public static partial int CloseReason(IntPtr connection);

    [LibraryImport(Library, EntryPoint = "qs_conn_close_message")]
    public static partial IntPtr CloseMessage(IntPtr connection);

    [LibraryImport(Library, EntryPoint = "qs_stream_open")]
    public static partial int StreamOpen(IntPtr connection, out long streamId);

    [LibraryImport(Library, EntryPoint = "qs_stream_send")]
    public static partial int StreamSend(IntPtr connection, long streamId, byte* data, nuint length, int fin);

    [LibraryImport(Library, EntryPoint = "qs_stream_unacked")]
    public static partial ulong StreamUnacked(IntPtr connection, long streamId);

    [LibraryImport(Library, EntryPoint = "qs_stream_consumed")]
    public static partial void StreamConsumed(IntPtr connection, long streamId, ulong count);

    [LibraryImport(Library, EntryPoint = "qs_stream_shutdown")]
    public static partial int StreamShutdown(IntPtr connection, long streamId, ulong appError);

    [LibraryImport(Library, EntryPoint = "qs_udp_enable_gro")]
    public static partial int UdpEnableGro(int fd);

    [LibraryImport(Library, EntryPoint = "qs_udp_send")]
    public static partial nint UdpSend(int fd, byte* buffer, nuint length, nuint segment, in Address to);

    [LibraryImport(Library, EntryPoint = "qs_udp_recv")]
    public static partial nint UdpReceive(int fd, byte* buffer, nuint capacity, out Address from, out nuint segment);

    [LibraryImport(Library, EntryPoint = "qs_udp_wait")]
    public static partial int UdpWait(int fd, ulong timeoutNs);

    [LibraryImport(Library, EntryPoint = "qs_conn_write_burst")]
    public static partial nint WriteBurst(IntPtr connection, byte* buffer, nuint capacity, nuint maxSegments, ulong now, out nuint segment);

    public const int EAGAIN = 11;
    public const int EINTR = 4;

    private static readonly Lazy<string?> LoadFailure = new(() =>
    {
        // Loading also resolves libngtcp2 and GnuTLS, so a missing Debian package shows up here too.
        if (!NativeLibrary.TryLoad(Library, typeof(QuicShim).Assembly, null, out var handle))
        {
            return $"lib{Library}.so (or its ngtcp2/GnuTLS dependencies) could not be loaded from {AppContext.BaseDirectory}";
        }
        return NativeLibrary.TryGetExport(handle, "qs_client_new", out _) ? null : $"lib{Library}.so lacks qs_client_new";
    });

    /// <summary>Null when the shim loads; otherwise why not (missing .so or missing ngtcp2/GnuTLS).</summary>
    public static string? UnavailableReason => LoadFailure.Value;

    public static System.Net.IPEndPoint ToEndPoint(in Address address)
    {
        var length = address.Family == 6 ? 16 : 4;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = address.Ip[i];
        }
        return new System.Net.IPEndPoint(new System.Net.IPAddress(bytes), address.Port);
    }

    public static Address ToAddress(System.Net.IPEndPoint endpoint)
    {
        var address = default(Address);
        var bytes = endpoint.Address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            address.Ip[i] = bytes[i];
        }
        address.Port = (ushort)endpoint.Port;
        address.Family = (byte)(bytes.Length == 16 ? 6 : 4);
        return address;
    }
}
