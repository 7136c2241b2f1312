using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Configuration;
using WasmActors.Actors.Hosting;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Bench.Cold;

/// <summary>
/// A cluster of freshly started <c>wasmactors node</c> processes (seed, memory nodes, run nodes) from the repository's
/// node files, on free loopback ports, in a folder of its own with a new cluster certificate; and the
/// <c>wasmactors</c> client commands against it, each a process of its own timed from start to exit, or a client
/// session in this process (<see cref="ConnectAsync"/>). Disposing kills the nodes and removes the folder.
/// </summary>
internal sealed class ColdCluster : IAsyncDisposable
{
    private const string Seed = "seed-1";

    private readonly string _wasmactors;
    private readonly string _hocon;
    private readonly string _directory;
    private readonly Dictionary<string, Process> _nodes = new(StringComparer.Ordinal);
    private readonly int _seedPort;
    private string _runConfig = "";

    private ColdCluster(string wasmactors, string hocon)
    {
        _wasmactors = wasmactors;
        _hocon = hocon;
        _directory = Directory.CreateTempSubdirectory("wasmactors-cold-").FullName;
        _seedPort = FreePort();
    }

    /// <summary>
    /// Starts seed-1, <paramref name="memoryNodes"/> memory nodes (memory-1, memory-2, …) and <paramref name="runNodes"/>
    /// run nodes (run-1, run-2, …) and waits until a client sees them all. <paramref name="runNodeSettings"/>: HOCON
    /// the run nodes read over hocon/run-node.conf.
    /// </summary>
    public static async Task<ColdCluster> StartAsync(string wasmactors, string hocon, int runNodes, TimeSpan within, int memoryNodes = 1, string? runNodeSettings = null)
    {
        var cluster = new ColdCluster(wasmactors, hocon);
        try
        {
            var cert = await cluster.ClientAsync("cert", "--out", "cluster");
            if (cert.ExitCode != 0)
            {
                throw new InvalidOperationException($"wasmactors cert failed: {cert.Error}");
            }

            cluster.Node(Path.Combine(hocon, "seed-node.conf"), Seed, cluster._seedPort);
            for (var i = 1; i <= memoryNodes; i++)
            {
                cluster.Node(Path.Combine(hocon, "memory-node.conf"), $"memory-{i}", FreePort(), "--bulk-port", $"{FreePort()}");
            }

            var runConfig = Path.Combine(hocon, "run-node.conf");
            if (runNodeSettings is not null)
            {
                // A file of the cluster's own that includes the repository's and adds the settings.
                var file = Path.Combine(cluster._directory, "run-node.conf");
                await File.WriteAllTextAsync(file, $"include \"{runConfig}\"\n{runNodeSettings}\n");
                runConfig = file;
            }

            cluster._runConfig = runConfig;
            for (var i = 1; i <= runNodes; i++)
            {
                cluster.Node(runConfig, $"run-{i}", FreePort());
            }

            await cluster.WaitForAsync([.. cluster._nodes.Keys], within);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The wasmactors.dll the nodes and commands run: <paramref name="given"/> (the file, or a folder holding it, such
    /// as a `dotnet publish` output), else the one beside this tool. Whether it exists is for the caller to check.
    /// </summary>
    public static string WasmactorsDll(string? given)
    {
        var dll = given is null ? Path.Combine(AppContext.BaseDirectory, "wasmactors.dll") : Path.GetFullPath(given);
        return Directory.Exists(dll) ? Path.Combine(dll, "wasmactors.dll") : dll;
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

    /// <summary>
    /// A client of this cluster in this process (remote TLS with the cluster's certificate), for what a command process
    /// cannot show: a program's output as it arrives.
    /// </summary>
    public Task<OrchestratorSession> ConnectAsync(TimeSpan within)
    {
        var config = ConfigurationFactory.ParseString($"wasmactors.remote-tls.certificate = \"{Path.Combine(_directory, "cluster", "cluster.pfx")}\"")
            .WithFallback(OrchestratorSession.ClientConfig(Path.Combine(_hocon, "client.conf"), $"akka.tcp://{WasmActorsNode.SystemName}@127.0.0.1:{_seedPort}"));
        return OrchestratorSession.ConnectAsync(config, within);
    }

    /// <summary>Starts one more run node, <paramref name="name"/>, and waits until a client sees it.</summary>
    public Task StartRunNodeAsync(string name, TimeSpan within)
    {
        Node(_runConfig, name, FreePort());
        return WaitForAsync([name], within);
    }

    /// <summary>Kills node <paramref name="name"/> outright (SIGKILL: no leaving, no goodbye to its peers) and waits for it to be gone.</summary>
    public async Task KillAsync(string name)
    {
        var node = _nodes[name];
        node.Kill();
        await node.WaitForExitAsync();
    }

    /// <summary>The lines node <paramref name="name"/> has logged so far that contain <paramref name="marker"/>.</summary>
    public IReadOnlyList<string> LogLines(string name, string marker)
    {
        // The node's log is still open for writing: read it sharing that.
        using var file = new FileStream(Path.Combine(_directory, name + ".log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(file);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Values)
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

    /// <summary>Waits until a client's <c>stats</c> lists every node of <paramref name="names"/> (the seed, which stores and runs nothing, is not listed).</summary>
    private async Task WaitForAsync(IReadOnlyList<string> names, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var stats = await ClientAsync("stats", "--json");
            if (stats.ExitCode == 0 && names.Where(n => n != Seed).All(n => stats.Output.Contains($"\"{n}\"", StringComparison.Ordinal)))
            {
                return;
            }

            if (deadline.Elapsed > within)
            {
                throw new TimeoutException($"{string.Join(", ", names)} not up within {within.TotalSeconds:0} s: {stats.Error}{stats.Output}");
            }

            await Task.Delay(500);
        }
    }

    private void Node(string config, string name, int port, params string[] extra)
    {
        var start = Start([_wasmactors, "node", "--config", config, "--port", $"{port}", "--name", name, "--seed", $"127.0.0.1:{_seedPort}", .. extra]);
        var node = Process.Start(start)!;
        _nodes.Add(name, node);
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
