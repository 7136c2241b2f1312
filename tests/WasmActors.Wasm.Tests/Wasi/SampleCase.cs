using System.Runtime.CompilerServices;

namespace WasmActors.Wasm.Tests.Wasi;

/// <summary>
/// One run of a sample program: its arguments, environment and input, and how it must end. Its expected standard
/// output is the file samples/expected/<see cref="Name"/>.stdout, recorded from Wasmtime. A case that needs a
/// directory gets a fresh one as "/data", inside a fresh parent folder; <see cref="Setup"/> may fill both first.
/// </summary>
public sealed record SampleCase(
    string Name,
    string Program,
    string[] Arguments,
    int? ExitCode = 0,
    string? Trap = null,
    bool NeedsDirectory = false,
    string? Stdin = null,
    string[]? Environment = null,
    Action<string>? Setup = null)
{
    public override string ToString() => Name;

    public static readonly SampleCase[] All =
    [
        new("printf_numbers", "printf_numbers", []),
        new("sort", "sort", ["2000"]),
        new("malloc_churn", "malloc_churn", ["3000"]),
        new("sha256", "sha256", ["65536"]),
        new("matrix", "matrix", []),
        new("recursion", "recursion", []),
        new("strings", "strings", []),
        new("files", "files", [], NeedsDirectory: true),
        new("errors-ok", "errors", ["ok"]),
        new("errors-parse", "errors", ["parse"], ExitCode: 2),
        new("errors-missing", "errors", ["missing"], ExitCode: 3, NeedsDirectory: true),
        new("errors-exit", "errors", ["exit"], ExitCode: 42),
        new("errors-trap", "errors", ["trap"], ExitCode: null, Trap: "unreachable"),
        new("errors-abort", "errors", ["abort"], ExitCode: null, Trap: "unreachable"),
        new("errors-divide", "errors", ["divide"], ExitCode: null, Trap: "integer divide by zero"),
        new("errors-unknown", "errors", ["bogus"], ExitCode: 64),
        new("counter", "counter", ["20", "5", "5000"]),
        new("bigmem", "bigmem", ["8"]),
        new("sparse", "sparse", []),
        new("wordcount", "wordcount", [], Stdin: string.Concat(Enumerable.Range(0, 300).Select(i => $"line {i}: the quick brown fox {i * i}\n"))),
        new("args_env", "args_env", ["first", "with space", "ünïcödé"], ExitCode: 3, Environment: ["SAMPLE_B=2", "SAMPLE_A=1", "OTHER=x"]),
        new("pidigits", "pidigits", ["300"]),
        new("bytecode_vm", "bytecode_vm", ["60"]),
        new("expr_parser", "expr_parser", ["80"]),
        new("hashtable", "hashtable", ["2000"]),
        new("coremark", "coremark", ["10"]),
        new("polykernels", "polykernels", ["all", "60"]),
        new("simd", "simd", ["20"]),
        new("sandbox", "sandbox", [], NeedsDirectory: true, Setup: PrepareSandbox),
        new("fsprobe", "fsprobe", [], NeedsDirectory: true),
    ];

    public static IEnumerable<object[]> Data => All.Select(c => new object[] { c });

    public string WasmPath => Path.Combine(SamplesDirectory, Program + ".wasm");

    public string ExpectedStdoutPath => Path.Combine(SamplesDirectory, "expected", Name + ".stdout");

    public static string SamplesDirectory => Path.Combine(RepositoryRoot(), "samples");

    /// <summary>A file outside the preopen, and links inside it that point out (absolute and relative) and in.</summary>
    private static void PrepareSandbox(string directory)
    {
        var outside = Path.Combine(Path.GetDirectoryName(directory)!, "outside.txt");
        File.WriteAllText(outside, "SECRET\n");
        File.WriteAllText(Path.Combine(directory, "inside.txt"), "visible\n");
        File.CreateSymbolicLink(Path.Combine(directory, "out-abs"), outside);
        File.CreateSymbolicLink(Path.Combine(directory, "out-rel"), "../outside.txt");
        File.CreateSymbolicLink(Path.Combine(directory, "in-rel"), "inside.txt");
    }

    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        // Builds may live outside the repository (custom artifacts paths), so also try this file's location.
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
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

/// <summary>How a run ended: its standard output, and either an exit status or a trap message.</summary>
public sealed record SampleOutcome(string Stdout, string Stderr, int? ExitCode, string? Trap);
