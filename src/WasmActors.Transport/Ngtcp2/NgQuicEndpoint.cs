using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WasmActors.Transport.Ngtcp2;

/// <summary>One UDP socket and the single thread that runs every ngtcp2 connection on it: receive,
/// run posted commands, fire timers, send. Other threads wake it with an empty datagram from a
/// private waker socket, so the loop blocks in one poll and needs no extra timer thread.</summary>
internal sealed class NgQuicEndpoint : IDisposable
{
    private const int MaxDatagram = 65536;
    private readonly Socket _socket;
    private readonly Socket _waker;
    private readonly PeerKey _wakerKey;
    private readonly SocketAddress _localAddress;
    private readonly ConcurrentQueue<Action> _commands = new();
    private readonly Dictionary<PeerKey, NgQuicConnection> _connections = [];
    private readonly Func<SocketAddress, ReadOnlyMemory<byte>, NgQuicConnection?>? _accept;
    private readonly Thread _thread;
    private readonly byte[] _receiveBuffer = new byte[MaxDatagram];
    private readonly byte[] _sendBuffer = new byte[MaxDatagram];
    private int _wakeRequested;
    private volatile bool _stopping;
    private volatile bool _silent;
    private volatile bool _exited;

    /// <param name="accept">Server mode: creates a connection for a datagram from an unknown address (or returns null to drop it).</param>
    public NgQuicEndpoint(IPEndPoint bind, Func<SocketAddress, ReadOnlyMemory<byte>, NgQuicConnection?>? accept, string name)
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

    public void SendDatagram(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        if (_silent)
        {
            return;
        }
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
        }
        catch (SocketException)
        {
            // UDP: a lost datagram is QUIC's to recover.
        }
    }

    private void Loop()
    {
        var from = new SocketAddress(_socket.AddressFamily);
        while (!_stopping)
        {
            var now = Now;
            var next = ulong.MaxValue;
            foreach (var connection in _connections.Values)
            {
                next = Math.Min(next, connection.Expiry);
            }
            var waitMicros = next == ulong.MaxValue ? 100_000 : next <= now ? 0 : (int)Math.Min((next - now + 999) / 1000, 100_000);
            try
            {
                if (_commands.IsEmpty && waitMicros >= 1000)
                {
                    // poll(2) sleeps in whole milliseconds, so it only serves waits of 1 ms or more.
                    _socket.Poll(waitMicros - 500, SelectMode.SelectRead);
                }
                else if (_commands.IsEmpty)
                {
                    // Pacing and ACK timers on a fast path are sub-millisecond: yield instead of oversleeping.
                    // A paced sender with data held back lands here too (expiry "now").
                    Thread.Yield();
                }
                Receive(from);
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            Volatile.Write(ref _wakeRequested, 0);
            while (_commands.TryDequeue(out var command))
            {
                command();
            }
            now = Now;
            foreach (var connection in _connections.Values.ToArray())
            {
                if (connection.Expiry <= now)
                {
                    connection.OnExpiry(now);
                }
                connection.Flush(_sendBuffer, now);
            }
        }
        Shutdown();
    }

    private void Receive(SocketAddress from)
    {
        // Poll, not Available: FIONREAD reports 0 for an empty datagram (the waker's), which would
        // leave it at the head of the queue forever.
        for (var i = 0; i < 512 && _socket.Poll(0, SelectMode.SelectRead); i++)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(_receiveBuffer, SocketFlags.None, from);
            }
            catch (SocketException)
            {
                continue;
            }
            var key = PeerKey.From(from);
            if (key == _wakerKey || _silent)
            {
                continue;
            }
            var now = Now;
            if (_connections.TryGetValue(key, out var connection))
            {
                connection.OnDatagram(_receiveBuffer.AsSpan(0, length), now);
            }
            else if (_accept is not null && length > 0)
            {
                var created = _accept(CopyOf(from), _receiveBuffer.AsMemory(0, length));
                if (created is not null)
                {
                    _connections[created.Key] = created;
                    created.OnDatagram(_receiveBuffer.AsSpan(0, length), now);
                }
            }
        }
    }

    private static SocketAddress CopyOf(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.CopyTo(copy.Buffer);
        return copy;
    }

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
            command(); // every command checks for a terminated connection and fails its waiter
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
