using System.Diagnostics;

namespace WasmActors.Actors.Tests;

/// <summary>The `wasmactors` command line as a user runs it: a process of its own, bounded in time, killed if it overruns.</summary>
internal static class CliProcess
{
    public static string Executable { get; } = Path.Combine(AppContext.BaseDirectory, "wasmactors.dll");

    /// <summary>Runs <paramref name="arguments"/> in <paramref name="workingDirectory"/>, with <paramref name="environment"/> set.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        using var process = Start(workingDirectory, environment, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            // A bound so a regression (a command that never returns) fails the test instead of hanging it.
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"wasmactors {string.Join(' ', arguments)} did not stop: {await stdout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, params string[] arguments) =>
        RunAsync(workingDirectory, null, arguments);

    /// <summary>Starts a command whose output the caller reads (and whose process it disposes).</summary>
    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Executable);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
    }
}
