using System.Globalization;

namespace WasmActors.Bench.Start;

/// <summary>
/// How long one module took from its file to its first instruction, by phase: reading the file, decoding it, validating
/// it, instantiating it (start section included), preparing the entry point's code and running up to its first checkpoint.
/// <see cref="Cpu"/> is the processor time the process spent meanwhile on all its threads (the JIT's and the collector's
/// included): on a busy machine it shows the cost that wall-clock times hide.
/// </summary>
internal sealed record StartTiming(string Module, long Bytes, TimeSpan Read, TimeSpan Load, TimeSpan Validate, TimeSpan Instantiate, TimeSpan Compile, TimeSpan FirstInstruction, TimeSpan Cpu)
{
    public const string Header = "module                        MB    read    load  validate  instantiate  compile  first instruction   cpu (ms)";

    public TimeSpan Total => Read + Load + Validate + Instantiate + Compile + FirstInstruction;

    public string Row() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Module,-26} {Bytes / 1e6,5:0.0} {Ms(Read),7} {Ms(Load),7} {Ms(Validate),9} {Ms(Instantiate),12} {Ms(Compile),8} {Ms(Total),18} {Ms(Cpu),9}");

    /// <summary>The row's figures in one machine-readable line, which a parent process parses back.</summary>
    public string Line() => string.Create(
        CultureInfo.InvariantCulture,
        $"start {Bytes} {Read.Ticks} {Load.Ticks} {Validate.Ticks} {Instantiate.Ticks} {Compile.Ticks} {FirstInstruction.Ticks} {Cpu.Ticks}");

    public static StartTiming? Parse(string module, string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 9 || parts[0] != "start")
        {
            return null;
        }

        var n = parts.Skip(1).Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new StartTiming(module, n[0], new(n[1]), new(n[2]), new(n[3]), new(n[4]), new(n[5]), new(n[6]), new(n[7]));
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
}
