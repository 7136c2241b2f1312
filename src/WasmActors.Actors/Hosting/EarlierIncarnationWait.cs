using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Configuration;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Actors.Hosting;

/// <summary>
/// Before a node listens on a fixed address, waits until no member counts an earlier incarnation of it there
/// (<see cref="EarlierIncarnations"/>, ADR-014): a node restarted at once, by a supervisor, after a kill. It asks the
/// seeds as a client does (ADR-018), so nothing listens on the node's address meanwhile. Bounded by
/// wasmactors.earlier-incarnation-wait; a cluster that cannot be reached is not waited for (the join says more).
/// </summary>
internal static class EarlierIncarnationWait
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    private const int SolSocket = 1; // Linux's SOL_SOCKET
    private const int SoReuseAddr = 2; // Linux's SO_REUSEADDR

    // How long a seed has to answer: one still starting is waited for (the join would wait for it too), a loaded one
    // gets time, and one that is down costs this much once.
    private static readonly TimeSpan Contact = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(Config node, TextWriter log, CancellationToken cancellation)
    {
        var limit = node.GetTimeSpan(WasmActorsSettings.Present(node, "wasmactors.earlier-incarnation-wait"), null, allowInfinite: false);
        var port = node.GetInt("akka.remote.dot-netty.tcp.port", 0);
        var publicHost = node.GetString("akka.remote.dot-netty.tcp.public-hostname", "");
        var hostAndPort = $"{(string.IsNullOrEmpty(publicHost) ? node.GetString("akka.remote.dot-netty.tcp.hostname", "") : publicHost)}:{port}";
        var seeds = node.GetStringList("akka.cluster.seed-nodes", []).Where(s => !IsAt(s, hostAndPort)).ToArray();
        if (limit <= TimeSpan.Zero || port == 0 || seeds.Length == 0)
        {
            return; // a new address each start, or the first seed: no earlier incarnation can hold this one
        }

        if (!IsFree(port))
        {
            // A live process listens there: no earlier incarnation to wait for, but a mistake worth a line (Akka.Remote's
            // listener shares its port, so the second node would start beside it).
            await log.WriteLineAsync($"port {port} is in use by another process: not asking the cluster about an earlier incarnation");
            return;
        }

        var client = ConfigurationFactory.ParseString($"akka.cluster.seed-nodes = [{string.Join(", ", seeds.Select(s => $"\"{s}\""))}]")
            .WithFallback(OrchestratorSession.ClientConfig(node, null));
        OrchestratorSession session;
        try
        {
            session = await OrchestratorSession.ConnectAsync(client, Contact);
        }
        catch (OrchestratorException e)
        {
            await log.WriteLineAsync($"could not ask the cluster about an earlier incarnation at {hostAndPort} ({e.Message}); joining");
            return;
        }

        await using (session)
        {
            var clock = Stopwatch.StartNew();
            string? shown = null;
            while (clock.Elapsed < limit)
            {
                EarlierIncarnation answer;
                try
                {
                    answer = await session.Directory.EarlierIncarnationAsync(hostAndPort, limit - clock.Elapsed);
                }
                catch (AskTimeoutException)
                {
                    await log.WriteLineAsync($"the cluster did not answer about an earlier incarnation at {hostAndPort}; joining");
                    return;
                }

                if (!answer.Waiting)
                {
                    if (shown is not null)
                    {
                        await log.WriteLineAsync($"the cluster dropped the earlier incarnation at {hostAndPort} after {clock.Elapsed.TotalSeconds:0.0} s; joining");
                    }

                    return;
                }

                if (answer.State != shown)
                {
                    shown = answer.State;
                    await log.WriteLineAsync($"waiting for the cluster to drop this node's earlier incarnation at {hostAndPort} ({shown})");
                }

                await Task.Delay(Poll, cancellation);
            }

            await log.WriteLineAsync($"the cluster still counts an earlier incarnation at {hostAndPort} after {limit.TotalSeconds:0} s; joining anyway");
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            // Connections of a killed process linger on the port (TIME_WAIT); only a listener makes it busy, as for Akka's
            // bind. SO_REUSEADDR alone: .NET's ReuseAddress also sets SO_REUSEPORT on Linux, which would share a live port.
            var listener = new TcpListener(IPAddress.Any, port);
            if (OperatingSystem.IsLinux())
            {
                listener.Server.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            }

            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool IsAt(string seed, string hostAndPort) =>
        Address.TryParse(seed, out var address) && EarlierIncarnations.HostAndPort(address) == hostAndPort;
}
