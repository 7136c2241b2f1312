using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Configuration;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Restore;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// End to end: the three hocon node files launched as separate `wasmactors node` processes on loopback, talking
/// Akka.Remote over TLS with one cluster certificate, and a program deployed, snapshotted, forked and migrated
/// across them from this process.
/// </summary>
public sealed class MultiProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ForkAndMigrationAcrossNodeProcessesMatchALocalRun()
    {
        var executable = Path.Combine(AppContext.BaseDirectory, "wasmactors.dll");
        Assert.True(File.Exists(executable), $"{executable} is built with the tests");
        var seedPort = FreePort();
        var seed = $"akka.ssl.tcp://wasmactors@127.0.0.1:{seedPort}";
        var processes = new List<Process>();
        try
        {
            processes.Add(Launch(executable, "seed-node.conf", seedPort, "seed-1", seed));
            processes.Add(Launch(executable, "memory-node.conf", FreePort(), "memory-1", seed, FreePort()));
            processes.Add(Launch(executable, "run-node.conf", FreePort(), "run-1", seed));
            processes.Add(Launch(executable, "run-node.conf", FreePort(), "run-2", seed));

            var clientConfig = ConfigurationFactory.ParseString(TestClusterCertificate.RemoteTlsConfig(TestClusterCertificate.Path))
                .WithFallback(OrchestratorSession.ClientConfig(null, seed));
            await using var session = await OrchestratorSession.ConnectAsync(clientConfig, Timeout);
            var client = session.Client;
            var deadline = DateTime.UtcNow + Timeout;
            while ((await client.RunNodesAsync()).Count < 2 || (await client.MemoryNodesAsync()).Count < 1)
            {
                Assert.True(DateTime.UtcNow < deadline, "the node processes did not form a cluster in time");
                await Task.Delay(200);
            }

            string[] arguments = ["400", "20", "100000"]; // ~2.5 ms steps: still running when the pause arrives
            var reference = LocalRun.Stdout(RepositoryFiles.Sample("counter"), "counter", arguments);
            var program = new ProgramOutput(session.System);
            var deployed = await client.DeployAsync(await File.ReadAllBytesAsync(RepositoryFiles.Sample("counter")), "counter", arguments, null, program.Ref, "run-1");
            await program.WaitForAsync(t => t.Contains("step 40 ", StringComparison.Ordinal), Timeout);

            await client.PauseAsync(deployed.InstanceId); // mid-run however fast the machine is; migration resumes it
            var snapshot = await client.SnapshotAsync(deployed.InstanceId, leavePaused: true);
            var fork = new ProgramOutput(session.System);
            await client.ForkAsync(snapshot.SnapshotId, Granularity.Page, CopyMode.Cow, 1, fork.Ref, "run-2");
            var migrated = await client.MigrateAsync(deployed.InstanceId, "run-2");
            output.WriteLine($"migration downtime {migrated.DowntimeMilliseconds:F1} ms, {migrated.BytesBeforeFirstInstruction} bytes before the first instruction");

            Assert.IsType<InstanceExited>(await program.Ended.WaitAsync(Timeout));
            Assert.IsType<InstanceExited>(await fork.Ended.WaitAsync(Timeout));
            Assert.Equal(reference, program.Text());
            Assert.EndsWith(fork.Text(), reference, StringComparison.Ordinal);
            Assert.Contains("done:", fork.Text(), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var process in Enumerable.Reverse(processes))
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                process.Dispose();
            }
        }
    }

    private Process Launch(string executable, string hocon, int port, string name, string seed, int? bulkPort = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryFiles.Root,
        };
        string[] arguments = [executable, "node", "--config", RepositoryFiles.Hocon(hocon), "--port", $"{port}", "--name", name, "--seed", seed, "--cluster-certificate", TestClusterCertificate.Path];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (bulkPort is { } bulk)
        {
            start.ArgumentList.Add("--bulk-port");
            start.ArgumentList.Add($"{bulk}");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        process.OutputDataReceived += (_, e) => Log(name, e.Data);
        process.ErrorDataReceived += (_, e) => Log(name, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Log(string name, string? line)
    {
        // Warnings are mostly Akka.Remote noise while nodes stop; the failure detector's are kept, since a busy
        // machine that delays heartbeats is the usual reason this test goes wrong.
        if (line is not null && (!line.Contains("[WARNING]", StringComparison.Ordinal) || line.Contains("reachable", StringComparison.OrdinalIgnoreCase)))
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
