using System.CommandLine;
using System.Globalization;
using WasmActors.Bench.Exec;
using WasmActors.Node.Commands;

namespace WasmActors.Bench.Commands;

/// <summary>
/// <c>wasmactors-bench exec</c>: times every computing sample in this engine and in Wasmtime in the same run and
/// prints the ratio per program and their geometric mean.
/// </summary>
internal sealed class BenchExecCommand : ICliCommand
{
    public Command Build()
    {
        var quick = new Option<bool>("--quick") { Description = "small inputs (the test suite's sizes): a smoke run in seconds" };
        var repetitions = new Option<int>("--repetitions", "-n")
        {
            Description = "timed runs per program and engine; the median is reported",
            DefaultValueFactory = _ => 3,
        };
        var samples = SamplesOption.Create();
        var only = new Option<string[]>("--program") { Description = "run only these programs (repeatable)" };
        var threshold = new Option<int>("--tier-threshold")
        {
            Description = "checkpoints before a function moves to the CIL tier: 0 compiles every function at once, 2147483647 runs the interpreter alone",
            DefaultValueFactory = _ => Wasm.EngineConfig.DefaultTierThreshold,
        };

        var forked = new Option<bool>("--forked") { Description = "run each program on forked memory: pages shared copy-on-write after instantiation, as after a snapshot" };

        var exec = new Command("exec", "Time the sample programs in this engine and in Wasmtime; print per-program ratios and their geometric mean.")
        {
            quick,
            repetitions,
            samples,
            only,
            threshold,
            forked,
        };
        exec.SetAction(result => Run(
            result.GetValue(quick),
            result.GetValue(repetitions),
            result.GetValue(samples),
            result.GetValue(only) ?? [],
            result.GetValue(threshold),
            result.GetValue(forked),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));

        return exec;
    }

    public static int Run(bool quick, int repetitions, string? samplesDirectory, string[] only, int tierThreshold, bool forked, TextWriter output, TextWriter error)
    {
        if (SamplesOption.Resolve(samplesDirectory, "wasmactors-bench exec", error)?.Samples is not { } directory)
        {
            return 2;
        }

        if (repetitions < 1)
        {
            error.WriteLine("wasmactors-bench exec: --repetitions must be at least 1");
            return 2;
        }

        if (tierThreshold < 0)
        {
            error.WriteLine("wasmactors-bench exec: --tier-threshold cannot be negative");
            return 2;
        }

        var programs = BenchProgram.All.Where(p => only.Length == 0 || only.Contains(p.Name)).ToList();
        var unknown = only.Except(BenchProgram.All.Select(p => p.Name)).ToList();
        if (unknown.Count > 0)
        {
            error.WriteLine($"wasmactors-bench exec: unknown program {string.Join(", ", unknown)} (known: {string.Join(", ", BenchProgram.All.Select(p => p.Name))})");
            return 2;
        }

        var tiering = tierThreshold == Wasm.EngineConfig.DefaultTierThreshold ? "" : $", tier threshold {tierThreshold}";
        output.WriteLine($"execution time, median of {repetitions} (instantiate + _start, stdout discarded){(quick ? ", quick inputs" : "")}{tiering}{(forked ? ", forked memory" : "")}");
        output.WriteLine(ExecBenchmark.Header);
        var ours = new OurEngine(Wasm.EngineConfig.Default with { TierThreshold = tierThreshold }, forked);
        using var wasmtime = new WasmtimeEngine();
        var timings = new ExecBenchmark(directory, repetitions, quick)
            .Run(ours, wasmtime, programs, timing => output.WriteLine(ExecBenchmark.FormatRow(timing, quick)));
        var geomean = ExecBenchmark.GeometricMean(timings.Select(t => t.Ratio));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"geometric mean of ratios (wasmactors / wasmtime): {geomean:0.0}x over {timings.Count} programs"));
        return timings.All(t => t.ResultsAgree) ? 0 : 1;
    }
}
