using System.CommandLine;
using System.Globalization;
using WasmActors.Bench.EndToEnd;
using WasmActors.Node.Commands;

namespace WasmActors.Bench.Commands;

/// <summary>
/// <c>wasmactors-bench transport</c>: the "page faults" section of the end-to-end benchmark alone (single-page
/// fetch latency and the 64 KiB streaming rate over the bulk path's QUIC and TCP backends, plus the Akka.Remote Ask
/// baseline), repeated <c>--runs</c> times with the load average beside each run and the medians at the end.
/// </summary>
internal sealed class BenchTransportCommand : ICliCommand
{
    public Command Build()
    {
        var fetches = new Option<int>("--fetches", "-n") { Description = "single-page fetches timed per path (the quick bench uses 2000)", DefaultValueFactory = _ => 2000 };
        var runs = new Option<int>("--runs") { Description = "times the whole section runs; medians are reported over them", DefaultValueFactory = _ => 1 };
        var transport = new Command("transport", "Time the bulk page path alone: 4 KiB / 64 KiB fetch p50/p99 and MiB/s over QUIC and TCP on loopback.")
        {
            fetches,
            runs,
        };
        transport.SetAction((result, _) => RunAsync(result.GetValue(fetches), result.GetValue(runs), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return transport;
    }

    public static async Task<int> RunAsync(int fetches, int runs, TextWriter output, TextWriter error)
    {
        if (fetches < 1 || runs < 1)
        {
            error.WriteLine("wasmactors-bench transport: --fetches and --runs must be at least 1");
            return 2;
        }

        var rows = new List<PageFaultRow>();
        for (var run = 1; run <= runs; run++)
        {
            var results = new BenchResults { Machine = new BenchMachine(DateTime.UtcNow, Environment.ProcessorCount, "", "", "", false) };
            await PageFaultBench.RunAsync(fetches, results, _ => { });
            foreach (var problem in results.Problems)
            {
                output.WriteLine($"  note: {problem}");
            }

            output.WriteLine($"run {run}/{runs} (load average {LoadAverage()})");
            foreach (var row in results.PageFaults)
            {
                output.WriteLine(Format(row.Path, row.PageBytes, row.P50Micros, row.P99Micros, row.MebibytesPerSecond));
                rows.Add(row);
            }
        }

        if (runs > 1)
        {
            output.WriteLine($"median of {runs} runs");
            foreach (var group in rows.GroupBy(r => (r.Path, r.PageBytes)))
            {
                var rates = group.Where(r => r.MebibytesPerSecond is not null).Select(r => r.MebibytesPerSecond!.Value).ToArray();
                output.WriteLine(Format(group.Key.Path, group.Key.PageBytes, Percentiles.Median([.. group.Select(r => r.P50Micros)]), Percentiles.Median([.. group.Select(r => r.P99Micros)]), rates.Length == 0 ? null : Percentiles.Median(rates)));
            }
        }

        return 0;
    }

    private static string Format(string path, int pageBytes, double p50, double p99, double? rate)
        => string.Create(CultureInfo.InvariantCulture, $"  {path,-32} {pageBytes / 1024,3} KiB  p50 {p50,8:N1} µs  p99 {p99,8:N1} µs{(rate is { } r ? $"  {r,7:N0} MiB/s" : "")}");

    /// <summary>The 1/5/15-minute load averages (Linux), so a figure can be read against how busy the machine was.</summary>
    private static string LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', fields.Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
