using System.CommandLine;
using System.Diagnostics;
using Akka.Configuration;
using Spectre.Console;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Hosting;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Node.Commands;

/// <summary>
/// <c>wasmactors demo</c>: a memory node and two run nodes in this process (three ActorSystems over real
/// Akka.Remote on loopback), the counter sample deployed, snapshotted mid-run, forked (COW and No-COW) and
/// migrated, with a table of what moved.
/// </summary>
internal sealed class DemoCommand : ICliCommand
{
    private static readonly string[] CounterArguments = ["1000", "50", "500000"]; // ~2 ms steps: mid-run when paused, even on a busy machine

    public Command Build()
    {
        var config = new Option<string>("--config") { Description = "the demo's HOCON file", DefaultValueFactory = _ => Path.Combine("hocon", "demo.conf"), HelpName = "FILE" };
        var sample = new Option<string>("--sample") { Description = "the long-running program", DefaultValueFactory = _ => Path.Combine("samples", "counter.wasm"), HelpName = "FILE" };
        var command = new Command("demo", "Run a memory node and two run nodes in one process; snapshot, fork and migrate a running program.") { config, sample };
        command.SetAction(result => RunAsync(result.GetValue(config)!, result.GetValue(sample)!, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    public static async Task<int> RunAsync(string configFile, string samplePath, TextWriter output, TextWriter error)
    {
        if (!File.Exists(configFile) || !File.Exists(samplePath))
        {
            await error.WriteLineAsync($"wasmactors demo: needs {configFile} and {samplePath} (run it from the repository root)");
            return 2;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = Math.Max(console.Profile.Width, 120);
        var baseConfig = WasmActorsConfig.FromFile(configFile);
        using var certificate = NeedsCertificate(baseConfig) ? TemporaryClusterCertificate.Create("wasmactors-demo-") : null;
        baseConfig = certificate?.Apply(baseConfig) ?? baseConfig;
        Config Node(string role, string name) =>
            ConfigurationFactory.ParseString($"akka.cluster.roles = [{role}]\nwasmactors.node-name = {name}").WithFallback(baseConfig);

        var clock = Stopwatch.StartNew();
        var nodes = new List<WasmActorsNode>();
        try
        {
            var memory = await WasmActorsNode.StartAsync(Node("memory", "memory-1"));
            nodes.Add(memory);
            memory.Join(memory.Address);
            for (var i = 1; i <= 2; i++)
            {
                var run = await WasmActorsNode.StartAsync(Node("run", $"run-{i}"));
                run.Join(memory.Address);
                nodes.Add(run);
            }

            await Task.WhenAll(nodes.Select(n => n.WhenUpAsync(TimeSpan.FromSeconds(20))));
            var client = new OrchestratorClient(memory.System, TimeSpan.FromSeconds(30));
            while ((await client.RunNodesAsync()).Count < 2)
            {
                await Task.Delay(50);
            }

            console.MarkupLine($"cluster up in {clock.Elapsed.TotalSeconds:F1} s: {string.Join(", ", nodes.Select(n => $"{n.Name} ({n.Address.Port})"))}; " +
                $"bulk page server: {memory.BulkTransport ?? "off"}");

            var wasm = await File.ReadAllBytesAsync(samplePath);
            var name = Path.GetFileNameWithoutExtension(samplePath);
            var reference = LocalReference(samplePath, name);
            var rows = new List<string[]>();

            var original = new ProgramOutput(memory.System, "demo-original");
            var deployWatch = Stopwatch.StartNew();
            var deployed = await client.DeployAsync(wasm, name, CounterArguments, null, original.Ref, "run-1");
            rows.Add(["deploy", deployed.Node, $"{wasm.Length:N0} (module)", "-", $"{deployWatch.Elapsed.TotalMilliseconds:F1} ms"]);
            await original.WaitForAsync(t => t.Contains("step 100 ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

            // Hold the program at an instruction boundary so forks and migration happen mid-run however fast this machine is.
            await client.PauseAsync(deployed.InstanceId);
            var snapshot = await client.SnapshotAsync(deployed.InstanceId, leavePaused: true);
            rows.Add(["snapshot (mid-run)", snapshot.MemoryNode, $"{snapshot.Bytes:N0} ({snapshot.Chunks} chunks)", "-", $"capture + upload {snapshot.PauseMilliseconds:F1} ms"]);

            var forks = await Task.WhenAll(new[] { CopyMode.Cow, CopyMode.NoCow }.Select(async mode =>
            {
                var forkOutput = new ProgramOutput(memory.System, $"demo-fork-{mode}".ToLowerInvariant());
                var forked = await client.ForkAsync(snapshot.SnapshotId, Granularity.Page, mode, 1, forkOutput.Ref, "run-2");
                return (Mode: mode.ToString(), Forked: forked, Output: forkOutput);
            }));

            var migrated = await client.MigrateAsync(deployed.InstanceId, "run-2"); // it continues, running, on run-2

            var ended = await Task.WhenAll(forks.Select(f => f.Output.Ended).Append(original.Ended)).WaitAsync(TimeSpan.FromSeconds(50));
            foreach (var (mode, forked, forkOutput) in forks)
            {
                var faults = forkOutput.Endings.OfType<InstanceExited>().FirstOrDefault()?.PageFaults;
                rows.Add([$"fork ({mode}, page)", forked.Node, $"{forked.Cost.BytesBeforeFirstInstruction:N0}", faults?.ToString() ?? "?",
                    $"restore {forked.Cost.RestoreMilliseconds:F1} ms + {forked.Cost.MeanForkMicroseconds:F0} µs"]);
            }

            var migratedFaults = original.Endings.OfType<InstanceExited>().FirstOrDefault()?.PageFaults;
            rows.Add(["migrate", migrated.TargetNode, $"{migrated.BytesBeforeFirstInstruction:N0}", migratedFaults?.ToString() ?? "?", $"downtime {migrated.DowntimeMilliseconds:F1} ms"]);

            var table = new Table().AddColumns("step", "node", "bytes before first instruction", "page faults", "time");
            foreach (var row in rows)
            {
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }

            console.Write(table);
            console.MarkupLine(Markup.Escape($"migrate: {MigrationSummary.Describe(migrated.Phases)}"));
            var stats = await client.StatsAsync();
            var memoryStats = stats.Single(s => s.Node == memory.Name);
            console.MarkupLine($"memory node served {memoryStats.BulkBytesServed:N0} bytes of pages over the bulk path ({Markup.Escape(memory.BulkTransport ?? "off")}) " +
                $"and {memoryStats.BytesServed:N0} bytes over Akka.Remote in frame-sized parts ({memoryStats.PageFaultsServed} requests); " +
                $"{stats.Where(s => s.Roles.Contains("run")).Sum(s => s.BulkFallbacks)} failed bulk fetch(es) fell back to Akka.Remote");
            bool ContinuesReference(string text) => text.Contains("done:", StringComparison.Ordinal) && reference.EndsWith(text, StringComparison.Ordinal);
            var checks = new (string What, bool Ok)[]
            {
                ("migrated program's output equals an uninterrupted local run", original.Text() == reference && original.IsContiguous()),
                ("COW fork continued from the snapshot to the same end", ContinuesReference(forks[0].Output.Text())),
                ("No-COW fork continued from the snapshot to the same end", ContinuesReference(forks[1].Output.Text())),
                ("every instance exited with status 0", ended.All(e => e is InstanceExited { ExitCode: 0 })),
            };
            foreach (var (what, ok) in checks)
            {
                console.MarkupLine($"{(ok ? "[green]ok[/]" : "[red]FAILED[/]")}  {Markup.Escape(what)}");
            }

            console.MarkupLine($"demo finished in {clock.Elapsed.TotalSeconds:F1} s");
            return checks.All(c => c.Ok) ? 0 : 1;
        }
        catch (Exception e) when (e is OrchestratorException or TimeoutException or ConfigurationException)
        {
            await error.WriteLineAsync($"wasmactors demo: {e.Message}");
            return 1;
        }
        finally
        {
            foreach (var node in Enumerable.Reverse(nodes))
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// With no certificate named (hocon/demo.conf), the demo makes a cluster certificate
    /// for this run in a temporary folder (deleted at the end); a certificate named in the file is used as it is.
    /// </summary>
    private static bool NeedsCertificate(Config config) =>
        !config.GetBoolean("wasmactors.remote-tls.insecure-plaintext", false) && string.IsNullOrEmpty(config.GetString("wasmactors.remote-tls.certificate", ""));

    private static string LocalReference(string path, string name)
    {
        using var stdout = new MemoryStream();
        using var wasi = new Wasm.Wasi.WasiContext(new Wasm.Wasi.WasiConfig { Arguments = [name, .. CounterArguments], StandardOutput = stdout, StandardStreamsAreTerminals = true });
        var store = new Wasm.Runtime.Store();
        var module = Snapshot.Capture.ModuleBinaries.Load(File.ReadAllBytes(path));
        var instance = Wasm.Runtime.Instantiator.Instantiate(store, module, Wasm.Wasi.WasiModule.Define(new Wasm.Runtime.Linker(), wasi), name);
        Wasm.Execution.Executor.Invoke(store, instance.GetFunction("_start"), []);
        return System.Text.Encoding.UTF8.GetString(stdout.ToArray());
    }
}
