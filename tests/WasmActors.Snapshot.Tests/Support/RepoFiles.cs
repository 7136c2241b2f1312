using System.Runtime.CompilerServices;

namespace WasmActors.Snapshot.Tests.Support;

/// <summary>Files of the repository (e.g. samples/), found by walking up to the folder holding WasmActors.sln.</summary>
internal static class RepoFiles
{
    public static string Path(string relative, [CallerFilePath] string source = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Path.GetDirectoryName(source) ?? "" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "WasmActors.sln")))
                {
                    return System.IO.Path.Combine(dir.FullName, relative);
                }
            }
        }

        throw new FileNotFoundException($"no WasmActors.sln above the tests, so {relative} cannot be found");
    }
}
