using System.Runtime.CompilerServices;

namespace WasmActors.Actors.Tests;

/// <summary>Finds the repository's files (hocon/, samples/) from a test's output folder, for tests of the files users launch.</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder holding WasmActors.sln, found by walking up from the running assembly.</summary>
    public static string Root { get; } = FindRoot();

    public static string Hocon(string name) => Path.Combine(Root, "hocon", name);

    public static string Sample(string name) => Path.Combine(Root, "samples", name.EndsWith(".wasm", StringComparison.Ordinal) ? name : name + ".wasm");

    /// <summary>Tries the test binaries' folder, the working directory and this source file's folder (builds may put binaries outside the tree).</summary>
    private static string FindRoot([CallerFilePath] string source = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory, Path.GetDirectoryName(source) ?? "" })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "WasmActors.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException($"no WasmActors.sln above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}");
    }
}
