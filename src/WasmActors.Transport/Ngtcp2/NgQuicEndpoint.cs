using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WasmActors.Transport.Ngtcp2;

/// <summary>One UDP socket and the single thread that runs every ngtcp2 connection on it: receive,
/// run posted commands, fire timers, send. Other threads wake it with an empty datagram from a
/// private waker socket, so the loop blocks in one ppoll (nanosecond timeout) and needs no timer thread.
/// The socket is owned here; the shim only performs batched sends/receives (GSO/GRO) on its descriptor.</summary>
internal sealed class NgQuicEndpoint : IDisposable
{
    private const int MaxDatagram = 65536;
    private readonly Socket _socket;
    private readonly Socket _waker;
    private readonly PeerKey _wakerKey;
    private readonly SocketAddress _localAddress;
    private readonly ConcurrentQueue<Action> _commands = new();
    private readonly Dictionary<PeerKey, NgQuicConnection> _connections = [];
    private readonly Func<IPEndPoint, ReadOnlyMemory<byte>, NgQuicConnection?>? _accept;
    private readonly int _fd;
    private bool _gso = true;
    private readonly Thread _thread;
    private readonly byte[] _receiveBuffer = new byte[MaxDatagram];
    private readonly byte[] _sendBuffer = new byte[MaxDatagram];
    private int _wakeRequested;
    private volatile bool _stopping;
    private volatile bool _silent;
    private volatile bool _exited;

    /// <param name="accept">Server mode: creates a connection for a datagram from an unknown address (or returns null to drop it).</param>
    public NgQuicEndpoint(IPEndPoint bind, Func<IPEndPoint, ReadOnlyMemory<byte>, NgQuicConnection?>? accept, string name)
    {
        _accept = accept;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _waker = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.ReceiveBufferSize = 8 * 1024 * 1024;
            _socket.SendBufferSize = 8 * 1024 * 1024;
            _socket.Bind(bind);
            _waker.Bind(new IPEndPoint(bind.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
        }
        catch
        {
            _socket.Dispose();
            _waker.Dispose();
            throw;
        }
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _fd = (int)_socket.Handle;
        // GRO lets one receive call return many coalesced datagrams; without it each arrives alone.
        QuicShim.UdpEnableGro(_fd);
        _localAddress = new IPEndPoint(IPAddress.Loopback.AddressFamily == bind.AddressFamily ? IPAddress.Loopback : IPAddress.IPv6Loopback, LocalEndPoint.Port).Serialize();
        _wakerKey = PeerKey.From((IPEndPoint)_waker.LocalEndPoint!);
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public IPEndPoint LocalEndPoint { get; }

    public static ulong Now => (ulong)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));

    /// <summary>Runs <paramref name="command"/> on the loop thread.</summary>
    public void Post(Action command)
    {
        _commands.Enqueue(command);
        if (Thread.CurrentThread == _thread)
        {
            return; // posted from the loop itself (a stream reader resumed inline): the next pass runs it without waiting
        }
        if (_exited)
        {
            // The loop is gone and every connection is terminated: run it here so its waiter fails now.
            while (_commands.TryDequeue(out var late))
            {
                late();
            }
            return;
        }
        if (Interlocked.Exchange(ref _wakeRequested, 1) == 0)
        {
            try
            {
                _waker.SendTo([], SocketFlags.None, _localAddress);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The loop is gone; commands are drained on shutdown.
            }
        }
    }

    /// <summary>Loop thread: registers a client connection.</summary>
    public void Add(NgQuicConnection connection) => _connections[connection.Key] = connection;

    /// <summary>Loop thread: drops a terminated connection.</summary>
    public void Forget(NgQuicConnection connection)
    {
        if (_connections.TryGetValue(connection.Key, out var known) && known == connection)
        {
            _connections.Remove(connection.Key);
        }
    }

    public int ConnectionCount => _connections.Count;

    /// <summary>Packets per GSO send; 1 once the kernel has refused GSO.</summary>
    public int MaxSegments => _gso ? 64 : 1;

    /// <summary>Loop thread: sends <paramref name="length"/> bytes as datagrams of <paramref name="segment"/> bytes.
    /// A failed send is a lost datagram, which QUIC recovers from.</summary>
    public unsafe void Send(byte* data, int length, int segment, in QuicShim.Address to)
    {
        if (_silent)
        {
            return;
        }
        var rv = QuicShim.UdpSend(_fd, data, (nuint)length, (nuint)segment, to);
        if (rv < 0 && length > segment && _gso)
        {
            // No GSO here (EIO, EINVAL, EOPNOTSUPP...): send this batch one datagram at a time, and stop batching.
            _gso = false;
            for (var offset = 0; offset < length; offset += segment)
            {
                QuicShim.UdpSend(_fd, data + offset, (nuint)Math.Min(segment, length - offset), 0, to);
            }
        }
    }

    private void Loop()
    {
        Quic.IoThread.MarkCurrent();
        while (!_stopping)
        {
            var now = Now;
            var next = ulong.MaxValue;
            foreach (var connection in _connections.Values)
            {
                next = Math.Min(next, connection.Expiry);
            }
            // Sleep exactly until the earliest timer (capped at 100 ms) or until a datagram or a wake-up arrives.
            var waitNs = next <= now ? 0 : Math.Min(next - now, 100_000_000UL);
            try
            {
                if (_commands.IsEmpty && waitNs >= 200_000)
                {
                    QuicShim.UdpWait(_fd, waitNs);
                }
                else if (_commands.IsEmpty && waitNs > 0)
                {
                    Thread.Yield(); // a timer this close is cheaper to meet by yielding than by sleeping
                }
                Receive();
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            Volatile.Write(ref _wakeRequested, 0);
            while (_commands.TryDequeue(out var command))
            {
                Guard(null, command);
            }
            now = Now;
            foreach (var connection in _connections.Values.ToArray())
            {
                try
                {
                    if (connection.Expiry <= now)
                    {
                        connection.OnExpiry(now);
                    }
                    connection.Flush(_sendBuffer, now);
                }
                catch (Exception e)
                {
                    Contain(connection, e);
                }
            }
        }
        Shutdown();
    }

    private unsafe void Receive()
    {
        fixed (byte* buffer = _receiveBuffer)
        {
            for (var i = 0; i < 256; i++)
            {
                var n = QuicShim.UdpReceive(_fd, buffer, (nuint)_receiveBuffer.Length, out var from, out var segment);
                if (n < 0)
                {
                    if (n == -QuicShim.EAGAIN)
                    {
                        return;
                    }
                    continue; // e.g. an ICMP error queued on the socket: skip it
                }
                var key = PeerKey.From(from);
                if (key == _wakerKey || _silent || n == 0)
                {
                    continue;
                }
                var now = Now;
                var step = segment == 0 ? (int)n : (int)segment;
                for (var offset = 0; offset < n; offset += step)
                {
                    var length = (int)Math.Min(step, n - offset);
                    Deliver(key, from, _receiveBuffer.AsMemory(offset, length), now);
                }
            }
        }
    }

    private void Deliver(PeerKey key, in QuicShim.Address from, ReadOnlyMemory<byte> datagram, ulong now)
    {
        NgQuicConnection? connection = null;
        try
        {
            if (!_connections.TryGetValue(key, out connection) && _accept is not null)
            {
                connection = _accept(QuicShim.ToEndPoint(from), datagram);
                if (connection is not null)
                {
                    _connections[connection.Key] = connection;
                }
            }
            connection?.OnDatagram(datagram.Span, now);
        }
        catch (Exception e)
        {
            Contain(connection, e);
        }
    }

    /// <summary>An exception on the loop thread would end the process: contain it to the one
    /// connection it concerns (terminated with the error) and keep serving the others.</summary>
    private static void Guard(NgQuicConnection? connection, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            Contain(connection, e);
        }
    }

    private static void Contain(NgQuicConnection? connection, Exception e)
        => connection?.Terminate(new PageTransportException(PageTransportError.ConnectionClosed, $"QUIC connection failed internally: {e.Message}", e));

    private void Shutdown()
    {
        foreach (var connection in _connections.Values.ToArray())
        {
            var reason = new PageTransportException(PageTransportError.ConnectionClosed, "the QUIC endpoint was shut down");
            if (_silent)
            {
                connection.Terminate(reason);
            }
            else
            {
                connection.CloseNow(reason);
            }
        }
        _exited = true;
        while (_commands.TryDequeue(out var command))
        {
            Guard(null, command); // every command checks for a terminated connection and fails its waiter
        }
        _socket.Dispose();
        _waker.Dispose();
    }

    /// <summary>Stops as a crashed process would: no CONNECTION_CLOSE, no further datagrams.</summary>
    internal void Kill()
    {
        _silent = true;
        Dispose();
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }
        _stopping = true;
        Post(static () => { });
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(5));
        }
    }
}
