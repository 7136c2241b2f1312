using System.Diagnostics;
using System.Globalization;

namespace WasmActors.Bench.Exec;

/// <summary>The timings of one program: the median of the repetitions in each engine.</summary>
internal sealed record ExecTiming(BenchProgram Program, TimeSpan Ours, TimeSpan Wasmtime, BenchRunResult OursResult, BenchRunResult WasmtimeResult)
{
    public double Ratio => Ours.TotalMilliseconds / Math.Max(Wasmtime.TotalMilliseconds, 1e-3);

    public bool ResultsAgree => OursResult == WasmtimeResult || (OursResult.Trap is not null && WasmtimeResult.Trap is not null);
}

/// <summary>
/// Runs each sample in both engines in the same process, interleaved repetition by repetition so that machine noise
/// hits both alike, and keeps the median time of each. Standard output is discarded; exit statuses are compared.
/// </summary>
internal sealed class ExecBenchmark(string samplesDirectory, int repetitions, bool quick)
{
    public IReadOnlyList<ExecTiming> Run(IEngineUnderTest ours, IEngineUnderTest wasmtime, IEnumerable<BenchProgram> programs, Action<ExecTiming>? progress = null)
    {
        var timings = new List<ExecTiming>();
        var inputPath = Path.Combine(Path.GetTempPath(), $"wasmactors-bench-input-{Environment.ProcessId}.txt");
        File.WriteAllBytes(inputPath, BenchProgram.Input(quick));
        try
        {
            foreach (var program in programs)
            {
                var wasm = Path.Combine(samplesDirectory, program.Program + ".wasm");
                var input = program.NeedsInput ? inputPath : null;

                // One untimed run each: compiles the module, warms the JIT and the file cache.
                RunOnce(ours, wasm, program, input);
                RunOnce(wasmtime, wasm, program, input);
                var oursTimes = new List<TimeSpan>();
                var wasmtimeTimes = new List<TimeSpan>();
                BenchRunResult? oursResult = null, wasmtimeResult = null;
                for (var i = 0; i < repetitions; i++)
                {
                    (var time, oursResult) = RunOnce(ours, wasm, program, input);
                    oursTimes.Add(time);
                    (time, wasmtimeResult) = RunOnce(wasmtime, wasm, program, input);
                    wasmtimeTimes.Add(time);
                }

                var timing = new ExecTiming(program, Median(oursTimes), Median(wasmtimeTimes), oursResult!, wasmtimeResult!);
                timings.Add(timing);
                progress?.Invoke(timing);
            }
        }
        finally
        {
            File.Delete(inputPath);
        }

        return timings;
    }

    /// <summary>The geometric mean of the ratios (ours / Wasmtime's): the usual summary of per-program ratios.</summary>
    public static double GeometricMean(IEnumerable<double> ratios)
    {
        var list = ratios.ToList();
        return list.Count == 0 ? double.NaN : Math.Exp(list.Average(Math.Log));
    }

    public static string FormatRow(ExecTiming timing, bool quick) =>
        string.Create(CultureInfo.InvariantCulture, $"{timing.Program.Name,-16} {string.Join(' ', timing.Program.ArgumentsFor(quick)),-14} {Ms(timing.Ours),12} {Ms(timing.Wasmtime),12} {timing.Ratio,9:0.0}x{(timing.ResultsAgree ? "" : $"  results differ: ours {timing.OursResult}, wasmtime {timing.WasmtimeResult}")}");

    public const string Header = "program          args             wasmactors     wasmtime     ratio";

    private static string Ms(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0.0} ms");

    private (TimeSpan Time, BenchRunResult Result) RunOnce(IEngineUnderTest engine, string wasm, BenchProgram program, string? input)
    {
        var directory = program.NeedsDirectory ? Directory.CreateTempSubdirectory("wasmactors-bench-").FullName : null;
        try
        {
            var clock = Stopwatch.StartNew();
            var result = engine.Run(wasm, program, quick, directory, input);
            return (clock.Elapsed, result);
        }
        finally
        {
            if (directory is not null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        times.Sort();
        return times.Count % 2 == 1 ? times[times.Count / 2] : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
    }
}
