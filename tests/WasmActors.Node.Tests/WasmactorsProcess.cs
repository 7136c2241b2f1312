using System.Diagnostics;

namespace WasmActors.Node.Tests;

/// <summary>What a process printed and how it ended.</summary>
public sealed record ProcessOutcome(byte[] Stdout, string Stderr, int ExitCode);

/// <summary>Runs the built <c>wasmactors</c> (copied next to the tests by the project reference) as a real process.</summary>
internal static class WasmactorsProcess
{
    public static ProcessOutcome Run(IEnumerable<string> arguments, byte[]? stdin = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "wasmactors.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start wasmactors");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
        }

        process.StandardInput.Close();
        copy.Wait();
        process.WaitForExit();
        return new ProcessOutcome(stdout.ToArray(), stderr.Result, process.ExitCode);
    }
}
