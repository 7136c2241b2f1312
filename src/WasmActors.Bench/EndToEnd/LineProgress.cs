namespace WasmActors.Bench.EndToEnd;

/// <summary>Progress as plain lines, for output that is not a terminal (a log file, CI): one line per section.</summary>
internal sealed class LineProgress(TextWriter output) : IBenchProgress
{
    public void Begin(string section) => output.WriteLine($"{section} ...");

    public void Status(string detail)
    {
    }

    public void End(string section, string summary) => output.WriteLine($"{section}: {summary}");
}
