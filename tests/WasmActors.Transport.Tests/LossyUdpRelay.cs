using System.Net;
using System.Net.Sockets;

namespace WasmActors.Transport.Tests;

/// <summary>A UDP relay between one client and a server that drops and reorders datagrams at given
/// rates (seeded, so a failure reproduces), or drops everything to play a dead server.</summary>
internal sealed class LossyUdpRelay : IDisposable
{
    private readonly Socket _front = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _back = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;
    private readonly double _loss;
    private readonly double _reorder;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _pumps;
    private volatile IPEndPoint? _client;
    private long _forwarded;
    private long _dropped;
    private long _reordered;
    private int _largest;

    public LossyUdpRelay(IPEndPoint server, double loss, double reorder, int seed)
    {
        _server = server;
        _loss = loss;
        _reorder = reorder;
        _front.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _back.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _front.ReceiveBufferSize = _back.ReceiveBufferSize = 4 * 1024 * 1024;
        EndPoint = (IPEndPoint)_front.LocalEndPoint!;
        _pumps =
        [
            Task.Run(() => PumpAsync(_front, _back, toServer: true, new Random(seed))),
            Task.Run(() => PumpAsync(_back, _front, toServer: false, new Random(seed + 1))),
        ];
    }

    /// <summary>Where the client should connect.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>When set, nothing passes in either direction.</summary>
    public volatile bool Blackhole;

    public long Forwarded => Interlocked.Read(ref _forwarded);
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Reordered => Interlocked.Read(ref _reordered);

    /// <summary>The largest datagram seen in either direction (the relay receives each one alone: no GRO).</summary>
    public int LargestDatagram => Volatile.Read(ref _largest);

    private async Task PumpAsync(Socket from, Socket to, bool toServer, Random random)
    {
        var buffer = new byte[65536];
        byte[]? held = null;
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await from.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
                continue;
            }
            InterlockedMax(ref _largest, received.ReceivedBytes);
            if (toServer)
            {
                _client ??= (IPEndPoint)received.RemoteEndPoint;
            }
            var target = toServer ? _server : _client;
            if (target is null || Blackhole || random.NextDouble() < _loss)
            {
                Interlocked.Increment(ref _dropped);
                continue;
            }
            var datagram = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            if (held is null && random.NextDouble() < _reorder)
            {
                held = datagram; // goes out after the next one
                Interlocked.Increment(ref _reordered);
                continue;
            }
            await SendAsync(to, datagram, target);
            if (held is not null)
            {
                await SendAsync(to, held, target);
                held = null;
            }
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private async Task SendAsync(Socket socket, byte[] datagram, IPEndPoint target)
    {
        try
        {
            await socket.SendToAsync(datagram, SocketFlags.None, target);
            Interlocked.Increment(ref _forwarded);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _front.Dispose();
        _back.Dispose();
        Task.WaitAll(_pumps, TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
