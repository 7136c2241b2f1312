using System.Runtime.CompilerServices;
using System.Text.Json;

namespace WasmActors.Wasm.Tests.Binary;

/// <summary>Locates the shared spec test suite and enumerates its non-SIMD command files.</summary>
internal static class SpecSuite
{
    private static readonly Lazy<string> Root = new(() => FindRepositoryRoot());

    /// <summary>The folder holding WasmActors.sln.</summary>
    public static string RepositoryRoot => Root.Value;

    public static string Directory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "wasm-spec"));

    /// <summary>The JSON command files of every non-SIMD spec test (SIMD is not supported by the engine).</summary>
    public static IEnumerable<string> NonSimdJsonFiles() =>
        System.IO.Directory.EnumerateDirectories(Directory)
            .Select(dir => Path.Combine(dir, Path.GetFileName(dir) + ".json"))
            .Where(File.Exists)
            .Where(file => !Path.GetFileName(file).StartsWith("simd_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>Every command of one JSON file that names a binary module file.</summary>
    public static IEnumerable<SpecModuleCommand> ModuleCommands(string jsonFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(jsonFile));
        var folder = Path.GetDirectoryName(jsonFile)!;
        var result = new List<SpecModuleCommand>();
        foreach (var command in document.RootElement.GetProperty("commands").EnumerateArray())
        {
            if (!command.TryGetProperty("filename", out var filename))
            {
                continue;
            }

            string moduleType = command.TryGetProperty("module_type", out var mt) ? mt.GetString()! : "binary";
            result.Add(new SpecModuleCommand(
                command.GetProperty("type").GetString()!,
                moduleType,
                Path.Combine(folder, filename.GetString()!),
                Path.GetFileName(jsonFile),
                command.GetProperty("line").GetInt32(),
                command.TryGetProperty("text", out var text) ? text.GetString() : null));
        }

        return result;
    }

    private static string FindRepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        // Builds may live outside the repository (custom artifacts paths), so also try this file's location.
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? string.Empty })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "WasmActors.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("WasmActors.sln not found above " + AppContext.BaseDirectory);
    }
}

internal sealed record SpecModuleCommand(string Type, string ModuleType, string Path, string File, int Line, string? Text)
{
    public string Location => $"{File}:{Line}";
}
