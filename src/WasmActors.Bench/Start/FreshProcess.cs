using System.Diagnostics;
using System.Reflection;

namespace WasmActors.Bench.Start;

/// <summary>
/// Measures a module in a new process of this program (<c>wasmactors-bench start --measure-here PATH</c>), so that
/// nothing is warm: not the JIT, not the engine's caches.
/// </summary>
internal static class FreshProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static StartTiming Measure(string path, string name)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        // Under the shared host (dotnet WasmActors.Bench.dll) the program is an argument of the host.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in (string[])["start", "--measure-here", path])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"measuring {path} in a new process took more than {Timeout.TotalMinutes} minutes");
        }

        return output.Result.Split('\n').Select(l => StartTiming.Parse(name, l.Trim())).LastOrDefault(t => t is not null)
            ?? throw new InvalidOperationException($"measuring {path} in a new process failed (status {process.ExitCode}): {error.Result.Trim()}");
    }
}
