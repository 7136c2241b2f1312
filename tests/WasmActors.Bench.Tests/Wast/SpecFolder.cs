using System.Runtime.CompilerServices;

namespace WasmActors.Bench.Tests.Wast;

/// <summary>Finds <c>../shared/wasm-spec</c> relative to the repository root (the folder holding WasmActors.sln).</summary>
internal static class SpecFolder
{
    private static readonly Lazy<string?> Root = new(() => Find());

    /// <summary>The spec folder, or null when no WasmActors.sln was found above the test binaries or this source file.</summary>
    public static string? Path => Root.Value;

    private static string? Find([CallerFilePath] string sourceFile = "")
    {
        // Builds may live outside the repository (custom artifacts paths), so this file's location is the fallback.
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Path.GetDirectoryName(sourceFile) ?? string.Empty })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "WasmActors.sln")))
                {
                    return System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "wasm-spec"));
                }
            }
        }

        return null;
    }
}
