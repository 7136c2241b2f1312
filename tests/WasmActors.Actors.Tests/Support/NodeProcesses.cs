using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Configuration;
using WasmActors.Actors.Orchestration;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// `wasmactors node` processes for end-to-end tests, launched from a HOCON file on loopback with the test cluster
/// certificate (or configured by the environment, in a network namespace), and client commands that run as long as
/// a program they follow; their output goes to the test's log (warnings only from the failure detector). Disposing
/// kills every process still running, with its children, and waits for it.
/// </summary>
internal sealed class NodeProcesses(ITestOutputHelper output) : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly Dictionary<string, Process> _byName = new(StringComparer.Ordinal);

    public static string Executable { get; } = Path.Combine(AppContext.BaseDirectory, "wasmactors.dll");

    /// <summary>A client of the node processes' cluster through <paramref name="seed"/>, with the test cluster certificate; waits up to <paramref name="timeout"/> for the cluster.</summary>
    public static Task<OrchestratorSession> ConnectAsync(string seed, TimeSpan timeout) =>
        OrchestratorSession.ConnectAsync(
            ConfigurationFactory.ParseString(TestClusterCertificate.RemoteTlsConfig(TestClusterCertificate.Path)).WithFallback(OrchestratorSession.ClientConfig(null, seed)),
            timeout);

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
        string[] options = ["--port", $"{port}", "--name", name, "--seed", seed, "--cluster-certificate", TestClusterCertificate.Path];
        string[] bulk = bulkPort is { } b ? ["--bulk-port", $"{b}"] : [];
        Start(DotnetCommand.Create(RepositoryFiles.Root, [Executable, "node", "--config", HoconPath(hocon), .. options, .. bulk, .. extra]), name);
    }

    /// <summary>
    /// Starts a node from <paramref name="hocon"/> with no command-line options: what differs per host comes from
    /// <paramref name="environment"/> (the WASMACTORS_* variables of docs/deploy.md), as a systemd unit starts it,
    /// inside <paramref name="networkNamespace"/> when given.
    /// </summary>
    public void LaunchConfigured(string hocon, string name, IReadOnlyDictionary<string, string> environment, string? networkNamespace = null) =>
        Start(DotnetCommand.Create(RepositoryFiles.Root, [Executable, "node", "--config", HoconPath(hocon)], environment, networkNamespace), name);

    /// <summary>Starts another program (<c>dotnet DLL</c>, from this build's output) whose output goes to the log as <paramref name="name"/>'s.</summary>
    public void LaunchProgram(string dll, string name, IReadOnlyDictionary<string, string> environment) =>
        Start(DotnetCommand.Create(AppContext.BaseDirectory, [Path.Combine(AppContext.BaseDirectory, dll)], environment), name);

    /// <summary>
    /// Starts a client command that runs a while (<c>deploy --follow</c>, <c>fork --follow</c>) where
    /// <paramref name="place"/> says; <see cref="StdoutOf"/> has what it printed so far.
    /// </summary>
    public void LaunchCommand(string name, CliPlace place, params string[] arguments) =>
        Start(DotnetCommand.Create(place.WorkingDirectory, [CliProcess.Executable, .. arguments], place.Environment, place.NetworkNamespace), name);

    /// <summary>The lines the process last launched as <paramref name="name"/> printed on its standard output, in order.</summary>
    public IReadOnlyList<string> StdoutOf(string name)
    {
        lock (_lines)
        {
            return _stdout.TryGetValue(name, out var lines) ? lines.ToArray() : [];
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process launched as <paramref name="name"/> to end (and its output to be read); its exit code.</summary>
    public async Task<int> ExitCodeAsync(string name, TimeSpan timeout)
    {
        var process = _byName[name];
        await process.WaitForExitAsync().WaitAsync(timeout);
        return process.ExitCode;
    }

    private static string HoconPath(string hocon) => Path.IsPathRooted(hocon) ? hocon : RepositoryFiles.Hocon(hocon);

    /// <summary>
    /// Starts the node launched as <paramref name="name"/> again, as its supervisor would, if it has exited (a node
    /// downed, or whose join gave up, exits with status 3); true if it did.
    /// </summary>
    public bool RestartIfExited(string name)
    {
        if (!_byName[name].HasExited)
        {
            return false;
        }

        output.WriteLine($"{name} exited with {_byName[name].ExitCode}: starting it again");
        Start(_starts[name], name);
        return true;
    }

    /// <summary>Asks, with the node launched as <paramref name="name"/> under a supervisor: started again first if it has exited.</summary>
    public Task<T> Supervised<T>(string name, Func<Task<T>> ask)
    {
        RestartIfExited(name);
        return ask();
    }

    private readonly Dictionary<string, ProcessStartInfo> _starts = new(StringComparer.Ordinal);

    private void Start(ProcessStartInfo start, string name)
    {
        _starts[name] = start;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        _processes.Add(process);
        _byName[name] = process;
        var stdout = new List<string>();
        lock (_lines)
        {
            _stdout[name] = stdout;
        }

        process.OutputDataReceived += (_, e) => Log(name, e.Data, stdout);
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

    /// <summary>
    /// Sends <paramref name="signal"/> (TERM, STOP, CONT…) to the process last launched as <paramref name="name"/>, as a
    /// supervisor, a shell's kill or a stalled machine would.
    /// </summary>
    public void Signal(string name, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("sh", ["-c", $"kill -{signal} {_byName[name].Id}"])) ?? throw new InvalidOperationException("could not start sh");
        kill.WaitForExit(10_000);
        output.WriteLine($"SIG{signal} to {name}: {(kill.HasExited && kill.ExitCode == 0 ? "sent" : "failed")}");
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
    private readonly Dictionary<string, List<string>> _stdout = new(StringComparer.Ordinal);

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

    private void Log(string name, string? line, List<string>? stdout = null)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add($"{name}: {line}");
            stdout?.Add(line);
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
