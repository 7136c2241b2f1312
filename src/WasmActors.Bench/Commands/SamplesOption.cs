using System.CommandLine;
using WasmActors.Bench.EndToEnd;

namespace WasmActors.Bench.Commands;

/// <summary>The --samples option of every command that runs the sample programs, and its one error.</summary>
internal static class SamplesOption
{
    public static Option<string> Create() => new("--samples") { Description = "folder holding the sample .wasm files (default: the repository's samples/)" };

    /// <summary>The repository folders for <paramref name="directory"/> (or the checkout this runs in); null after one line on <paramref name="error"/>.</summary>
    public static RepositoryPaths? Resolve(string? directory, string command, TextWriter error)
    {
        var paths = RepositoryPaths.Find(directory);
        if (paths is null)
        {
            error.WriteLine($"{command}: samples folder not found (run inside the repository or pass --samples DIR)");
        }

        return paths;
    }
}
