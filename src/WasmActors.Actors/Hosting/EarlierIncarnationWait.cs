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

    // A seed that answers TLS but not yet the question is a cluster still starting, which holds no earlier incarnation.
    private const string QuickAnswers = "wasmactors.ask-timeout = 3s";

    public static async Task RunAsync(Config node, TextWriter log, CancellationToken cancellation)
    {
        var limit = node.GetTimeSpan(WasmActorsSettings.Present(node, "wasmactors.earlier-incarnation-wait"), null, allowInfinite: false);
        var port = node.GetInt("akka.remote.dot-netty.tcp.port", 0);
        var publicHost = node.GetString("akka.remote.dot-netty.tcp.public-hostname", "");
        var hostAndPort = $"{(string.IsNullOrEmpty(publicHost) ? node.GetString("akka.remote.dot-netty.tcp.hostname", "") : publicHost)}:{port}";
        var seeds = node.GetStringList("akka.cluster.seed-nodes", []).Where(s => !IsAt(s, hostAndPort)).ToArray();
        if (limit <= TimeSpan.Zero || port == 0 || seeds.Length == 0 || !IsFree(port))
        {
            // A new address each start, or the first seed: no earlier incarnation can hold this one. A port in use is a
            // live process, and binding it fails with its own clear error.
            return;
        }

        var client = ConfigurationFactory.ParseString($"{QuickAnswers}\nakka.cluster.seed-nodes = [{string.Join(", ", seeds.Select(s => $"\"{s}\""))}]")
            .WithFallback(OrchestratorSession.ClientConfig(node, null));
        OrchestratorSession session;
        try
        {
            session = await OrchestratorSession.ConnectAsync(client);
        }
        catch (OrchestratorException)
        {
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
                    break;
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
            var listener = new TcpListener(IPAddress.Any, port);
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
        Address.TryParse(seed, out var address) && $"{address.Host}:{address.Port}" == hostAndPort;
}
