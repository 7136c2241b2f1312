using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WasmActors.Bench.Cold;

/// <summary>
/// A cluster of freshly started <c>wasmactors node</c> processes (seed, memory node, run nodes) from the repository's
/// node files, on free loopback ports, in a folder of its own with a new cluster certificate; and the
/// <c>wasmactors</c> client commands against it, each a process of its own timed from start to exit. Disposing kills
/// the nodes and removes the folder.
/// </summary>
internal sealed class ColdCluster : IAsyncDisposable
{
    private readonly string _wasmactors;
    private readonly string _hocon;
    private readonly string _directory;
    private readonly List<Process> _nodes = [];
    private readonly int _seedPort;

    private ColdCluster(string wasmactors, string hocon)
    {
        _wasmactors = wasmactors;
        _hocon = hocon;
        _directory = Directory.CreateTempSubdirectory("wasmactors-cold-").FullName;
        _seedPort = FreePort();
    }

    /// <summary>Starts seed-1, memory-1 and <paramref name="runNodes"/> run nodes (run-1, run-2, …) and waits until a client sees them all.</summary>
    public static async Task<ColdCluster> StartAsync(string wasmactors, string hocon, int runNodes, TimeSpan within)
    {
        var cluster = new ColdCluster(wasmactors, hocon);
        try
        {
            var cert = await cluster.ClientAsync("cert", "--out", "cluster");
            if (cert.ExitCode != 0)
            {
                throw new InvalidOperationException($"wasmactors cert failed: {cert.Error}");
            }

            cluster.Node("seed-node.conf", "seed-1", cluster._seedPort);
            cluster.Node("memory-node.conf", "memory-1", FreePort(), "--bulk-port", $"{FreePort()}");
            for (var i = 1; i <= runNodes; i++)
            {
                cluster.Node("run-node.conf", $"run-{i}", FreePort());
            }

            var deadline = Stopwatch.StartNew();
            while (true)
            {
                var stats = await cluster.ClientAsync("stats", "--json");
                if (stats.ExitCode == 0 && stats.Output.Contains("memory-1", StringComparison.Ordinal) &&
                    Enumerable.Range(1, runNodes).All(i => stats.Output.Contains($"\"run-{i}\"", StringComparison.Ordinal)))
                {
                    return cluster;
                }

                if (deadline.Elapsed > within)
                {
                    throw new TimeoutException($"the cluster was not up within {within.TotalSeconds:0} s: {stats.Error}{stats.Output}");
                }

                await Task.Delay(500);
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>wasmactors ARGS</c> as a client of this cluster; its wall time includes the process start.</summary>
    public async Task<ClientRun> ClientAsync(params string[] arguments)
    {
        var start = Start([_wasmactors, .. arguments]);
        start.Environment["WASMACTORS_SEED"] = $"127.0.0.1:{_seedPort}";
        start.Environment["WASMACTORS_CONFIG"] = Path.Combine(_hocon, "client.conf");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"wasmactors {string.Join(' ', arguments)} did not end within 2 min");
        }

        return new ClientRun(process.ExitCode, await output, await error, clock.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            try
            {
                node.Kill(entireProcessTree: true);
                await node.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
                // It had exited.
            }

            node.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    private void Node(string file, string name, int port, params string[] extra)
    {
        var start = Start([_wasmactors, "node", "--config", Path.Combine(_hocon, file), "--port", $"{port}", "--name", name, "--seed", $"127.0.0.1:{_seedPort}", .. extra]);
        var node = Process.Start(start)!;
        _nodes.Add(node);
        // The nodes' logs go to files in the cluster's folder, not into the bench's output.
        var log = TextWriter.Synchronized(new StreamWriter(Path.Combine(_directory, name + ".log")) { AutoFlush = true });
        node.OutputDataReceived += (_, e) => log.WriteLine(e.Data);
        node.ErrorDataReceived += (_, e) => log.WriteLine(e.Data);
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
    }

    private ProcessStartInfo Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A client command's exit status, what it printed, and its wall time from process start to exit.</summary>
internal sealed record ClientRun(int ExitCode, string Output, string Error, TimeSpan Wall);
