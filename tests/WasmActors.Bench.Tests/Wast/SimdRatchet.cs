using System.Runtime.CompilerServices;

namespace WasmActors.Bench.Tests.Wast;

/// <summary>
/// The SIMD spec files known to pass completely (no failure, nothing skipped but text-format commands), one name a
/// line in simd-passing.txt beside this source file. A listed file that regresses fails the suite; add a file once it passes.
/// </summary>
internal static class SimdRatchet
{
    public static IReadOnlySet<string> Passing { get; } = Load();

    private static HashSet<string> Load([CallerFilePath] string sourceFile = "")
    {
        // Read from the source tree, like the spec folder itself: the tests always run inside the repository.
        var path = Path.Combine(Path.GetDirectoryName(sourceFile) ?? string.Empty, "simd-passing.txt");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("the SIMD ratchet list is missing", path);
        }

        return File.ReadAllLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);
    }
}
