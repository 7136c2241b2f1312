using System.Diagnostics;

namespace WasmActors.Actors.Tests;

/// <summary>
/// How the tests start a program of this build (<c>dotnet DLL ARGS</c>): on this machine's network, or inside a
/// Linux network namespace through <c>ip netns exec</c>, which replaces itself with dotnet (no process in between),
/// so killing the started process's tree ends the program.
/// </summary>
internal static class DotnetCommand
{
    public static ProcessStartInfo Create(
        string workingDirectory,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? networkNamespace = null)
    {
        var start = new ProcessStartInfo(networkNamespace is null ? "dotnet" : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        if (networkNamespace is not null)
        {
            foreach (var argument in new[] { "netns", "exec", networkNamespace, "dotnet" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }
}
