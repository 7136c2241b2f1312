using System.Collections.Concurrent;
using WasmActors.Bench.Wast;

namespace WasmActors.Bench.Tests.Wast;

/// <summary>Runs each spec file once and keeps its result, for the per-file tests and the totals.</summary>
public sealed class SpecSuiteFixture
{
    private static readonly WastRunOptions Options = new() { FileTimeLimit = TimeSpan.FromMinutes(2) };

    private readonly ConcurrentDictionary<string, Lazy<FileResult>> _results = new(StringComparer.Ordinal);

    /// <summary>Every converted spec file, by name (<c>address</c>, <c>simd_lane</c>...), sorted.</summary>
    public static IReadOnlyDictionary<string, string> Files { get; } = DiscoverFiles();

    internal FileResult Result(string name) =>
        _results.GetOrAdd(name, n => new Lazy<FileResult>(() => WastSuite.RunFile(Files[n], Options))).Value;

    private static SortedDictionary<string, string> DiscoverFiles()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (SpecFolder.Path is { } folder && WastSuite.Discover(folder) is { } paths)
        {
            foreach (var path in paths)
            {
                files[WastFileRunner.NameOf(path)] = path;
            }
        }

        return files;
    }
}
