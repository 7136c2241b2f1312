using System.Text;
using WasmActors.Node.Run;
using WasmActors.Wasm.Tests.Wasi;

namespace WasmActors.Node.Tests;

/// <summary>
/// <c>wasmactors run</c> on every sample case, as a real process: the same standard output (byte for byte), the same
/// program stderr and the same exit status as the same program under Wasmtime (a trap: 134, as wasmtime's CLI).
/// </summary>
public sealed class RunCommandSampleTests
{
    [Theory]
    [MemberData(nameof(SampleCase.Data), MemberType = typeof(SampleCase))]
    public void RunBehavesAsWasmtime(SampleCase sample)
    {
        var ourDirectory = sample.NeedsDirectory ? Directory.CreateTempSubdirectory("wasmactors-cli-").FullName : null;
        var theirDirectory = sample.NeedsDirectory ? Directory.CreateTempSubdirectory("wasmtime-cli-").FullName : null;
        try
        {
            var arguments = new List<string> { "run" };
            if (ourDirectory is not null)
            {
                arguments.AddRange(["--dir", ourDirectory + "::/data"]);
            }

            foreach (var entry in sample.Environment ?? [])
            {
                arguments.AddRange(["--env", entry]);
            }

            arguments.AddRange([sample.WasmPath, "--", .. sample.Arguments]);
            var ours = WasmactorsProcess.Run(arguments, Encoding.UTF8.GetBytes(sample.Stdin ?? ""));
            var wasmtime = WasmtimeRunner.Run(sample, theirDirectory);

            Assert.Equal(wasmtime.Stdout, Encoding.UTF8.GetString(ours.Stdout));
            Assert.Equal(wasmtime.ExitCode ?? TrapReport.TrapExitCode, ours.ExitCode);
            if (wasmtime.Trap is null)
            {
                Assert.Equal(wasmtime.Stderr, ours.Stderr);
            }
            else
            {
                // The program's own stderr first, then wasmtime's report with the trap in wasmtime's words.
                Assert.StartsWith(wasmtime.Stderr + "Error: failed to run main module `", ours.Stderr);
                var trapLine = wasmtime.Trap.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith("wasm trap: ", StringComparison.Ordinal));
                Assert.EndsWith(trapLine + "\n", ours.Stderr);
                Assert.Contains("error while executing at wasm backtrace:", ours.Stderr);
                Assert.Contains("!_start", ours.Stderr);
            }
        }
        finally
        {
            foreach (var directory in new[] { ourDirectory, theirDirectory })
            {
                if (directory is not null)
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }
    }
}
