using System.Diagnostics;
using WasmActors.Wasm;
using WasmActors.Wasm.Execution;

namespace WasmActors.Bench.Wast;

/// <summary>How to run spec files.</summary>
internal sealed record WastRunOptions
{
    /// <summary>Wall-clock limit per file; a file still running then is abandoned and its remaining commands fail. Null: none.</summary>
    public TimeSpan? FileTimeLimit { get; init; } = TimeSpan.FromMinutes(5);

    public EngineConfig Config { get; init; } = EngineConfig.Default;

    /// <summary>Compile every function of a module to CIL before invoking one (see <see cref="Tiering.CompileEveryFunction"/>).</summary>
    public bool CompileEveryFunction { get; init; }
}

/// <summary>Finds converted spec files and runs them, each on its own thread so that a runaway file can be abandoned.</summary>
internal static class WastSuite
{
    /// <summary>
    /// The spec files <paramref name="path"/> denotes: the file itself, or every <c>&lt;name&gt;/&lt;name&gt;.json</c>
    /// below a folder, sorted. Null when the path is neither an existing .json file nor a folder.
    /// </summary>
    public static IReadOnlyList<string>? Discover(string path)
    {
        if (File.Exists(path))
        {
            return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? [Path.GetFullPath(path)] : null;
        }

        if (!Directory.Exists(path))
        {
            return null;
        }

        return Directory.EnumerateFiles(Path.GetFullPath(path), "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileNameWithoutExtension(f) == Path.GetFileName(Path.GetDirectoryName(f)))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    public static FileResult RunFile(string jsonPath, WastRunOptions? options = null)
    {
        options ??= new WastRunOptions();
        var results = new FileResultBuilder(WastFileRunner.NameOf(jsonPath));
        var clock = Stopwatch.StartNew();
        Exception? escaped = null;

        // A background thread: if the file is abandoned, it must not keep the process alive.
        var worker = new Thread(() =>
        {
            try
            {
                WastFileRunner.Run(jsonPath, results, options.Config, options.CompileEveryFunction);
            }
            catch (Exception e)
            {
                escaped = e;
            }
        })
        {
            IsBackground = true,
            Name = $"wast {WastFileRunner.NameOf(jsonPath)}",
        };
        worker.Start();

        var finished = options.FileTimeLimit is { } limit ? worker.Join(limit) : worker.Join(Timeout.Infinite);
        if (!finished)
        {
            results.Abandon(options.FileTimeLimit!.Value);
        }
        else if (escaped is not null)
        {
            results.Record(0, "(file)", CommandOutcome.Fail("the file to run", EngineCalls.Describe(escaped), "runner: crashed"));
        }

        return results.Build(clock.Elapsed);
    }
}
