using System.Diagnostics;

namespace WasmActors.Actors.Tests;

/// <summary>The `wasmactors` command line as a user runs it: a process of its own, bounded in time, killed if it overruns.</summary>
internal static class CliProcess
{
    public static string Executable { get; } = Path.Combine(AppContext.BaseDirectory, "wasmactors.dll");

    /// <summary>Runs <paramref name="arguments"/> in <paramref name="workingDirectory"/>, with <paramref name="environment"/> set.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        RunAsync(new CliPlace(workingDirectory, environment), arguments);

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, params string[] arguments) =>
        RunAsync(workingDirectory, null, arguments);

    /// <summary>Runs <paramref name="arguments"/> where <paramref name="place"/> says.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(CliPlace place, params string[] arguments)
    {
        using var process = Start(place, arguments);
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

    /// <summary>Starts a command whose output the caller reads (and whose process it disposes).</summary>
    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Start(new CliPlace(workingDirectory, environment), arguments);

    /// <summary>Starts a command where <paramref name="place"/> says; the caller reads its output and disposes it.</summary>
    public static Process Start(CliPlace place, params string[] arguments) =>
        Process.Start(DotnetCommand.Create(place.WorkingDirectory, [Executable, .. arguments], place.Environment, place.NetworkNamespace))
            ?? throw new InvalidOperationException("could not start dotnet");
}

/// <summary>Where a command runs: its working directory, its environment, and the network namespace it runs in (none: this machine's network).</summary>
internal sealed record CliPlace(string WorkingDirectory, IReadOnlyDictionary<string, string>? Environment = null, string? NetworkNamespace = null);
