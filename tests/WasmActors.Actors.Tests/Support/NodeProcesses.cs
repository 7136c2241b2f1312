using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// `wasmactors node` processes for end-to-end tests, launched from a HOCON file on loopback with the test cluster
/// certificate; their output goes to the test's log (warnings only from the failure detector). Disposing kills
/// every process still running and waits for it.
/// </summary>
internal sealed class NodeProcesses(ITestOutputHelper output) : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly Dictionary<string, Process> _byName = new(StringComparer.Ordinal);

    public static string Executable { get; } = Path.Combine(AppContext.BaseDirectory, "wasmactors.dll");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts a node from <paramref name="hocon"/> (a path, or a file name in hocon/); <paramref name="extra"/> are
    /// further `wasmactors node` flags.
    /// </summary>
    public void Launch(string hocon, int port, string name, string seed, int? bulkPort = null, params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryFiles.Root,
        };
        var file = Path.IsPathRooted(hocon) ? hocon : RepositoryFiles.Hocon(hocon);
        string[] arguments = [Executable, "node", "--config", file, "--port", $"{port}", "--name", name, "--seed", seed, "--cluster-certificate", TestClusterCertificate.Path];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (bulkPort is { } bulk)
        {
            start.ArgumentList.Add("--bulk-port");
            start.ArgumentList.Add($"{bulk}");
        }

        foreach (var argument in extra)
        {
            start.ArgumentList.Add(argument);
        }

        Start(start, name);
    }

    /// <summary>Starts another program (<c>dotnet DLL</c>, from this build's output) whose output goes to the log as <paramref name="name"/>'s.</summary>
    public void LaunchProgram(string dll, string name, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Start(start, name);
    }

    private void Start(ProcessStartInfo start, string name)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        _processes.Add(process);
        _byName[name] = process;
        process.OutputDataReceived += (_, e) => Log(name, e.Data);
        process.ErrorDataReceived += (_, e) => Log(name, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Kills the node last launched as <paramref name="name"/> with SIGKILL (no shutdown of any kind) and waits for it to be gone.</summary>
    public async Task KillAsync(string name)
    {
        var process = _byName[name];
        process.Kill();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Lines the nodes printed that contain <paramref name="marker"/>.</summary>
    public IReadOnlyList<string> LinesWith(string marker)
    {
        lock (_lines)
        {
            return _lines.Where(line => line.Contains(marker, StringComparison.Ordinal)).ToArray();
        }
    }

    private readonly List<string> _lines = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            process.Dispose();
        }
    }

    private void Log(string name, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add($"{name}: {line}");
        }

        // Warnings are mostly Akka.Remote noise while nodes stop; the failure detector's are kept, since a busy
        // machine that delays heartbeats is the usual reason these tests go wrong.
        if (!line.Contains("[WARNING]", StringComparison.Ordinal) || line.Contains("reachable", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                output.WriteLine($"{name}: {line}");
            }
            catch (InvalidOperationException)
            {
                // the test has finished; late lines of a stopping node are dropped
            }
        }
    }
}
