namespace WasmActors.Bench.Exec;

/// <summary>One sample run of the execution benchmark: a program from samples/ with its arguments and input.</summary>
internal sealed record BenchProgram(string Name, string Program, string[] Arguments, string[] QuickArguments, bool NeedsDirectory = false, bool NeedsInput = false)
{
    /// <summary>
    /// The samples that compute (the two memory-layout samples and args_env, which mostly sleeps, are for other
    /// benchmarks). Full sizes run about a second under Wasmtime's compiled code; quick sizes are the test suite's.
    /// </summary>
    public static readonly BenchProgram[] All =
    [
        new("printf_numbers", "printf_numbers", [], []),
        new("sort", "sort", ["20000"], ["2000"]),
        new("malloc_churn", "malloc_churn", ["60000"], ["3000"]),
        new("sha256", "sha256", ["1048576"], ["65536"]),
        new("matrix", "matrix", [], []),
        new("recursion", "recursion", [], []),
        new("strings", "strings", [], []),
        new("files", "files", [], [], NeedsDirectory: true),
        new("counter", "counter", ["200", "10", "20000"], ["20", "5", "5000"]),
        new("bigmem", "bigmem", ["72"], ["8"]),
        new("wordcount", "wordcount", [], [], NeedsInput: true),
        new("pidigits", "pidigits", ["800"], ["300"]),
        new("bytecode_vm", "bytecode_vm", ["18000"], ["60"]),
        new("expr_parser", "expr_parser", ["40000"], ["80"]),
        new("hashtable", "hashtable", ["100000"], ["2000"]),
        new("coremark", "coremark", ["4000"], ["10"]),
        new("floyd_warshall", "polykernels", ["floyd", "900"], ["floyd", "40"]),
        new("lu", "polykernels", ["lu", "600"], ["lu", "40"]),
        new("ludcmp", "polykernels", ["ludcmp", "600"], ["ludcmp", "40"]),
        new("cholesky", "polykernels", ["cholesky", "600"], ["cholesky", "40"]),
        new("simd", "simd", ["100000"], ["20"]),
    ];

    public string[] ArgumentsFor(bool quick) => quick ? QuickArguments : Arguments;

    /// <summary>Standard input for programs that read it: text of many short lines.</summary>
    public static byte[] Input(bool quick) =>
        System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, quick ? 300 : 20_000).Select(i => $"line {i}: the quick brown fox {i * i}\n")));
}
