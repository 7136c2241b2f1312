namespace WasmActors.Bench.EndToEnd;

/// <summary>Where a run reports what it is doing: the live display in a terminal, nothing in tests.</summary>
internal interface IBenchProgress
{
    /// <summary>A section starts (the sections are known up front: <see cref="EndToEndBenchmark.Sections"/>).</summary>
    void Begin(string section);

    /// <summary>What the current section is doing now.</summary>
    void Status(string detail);

    /// <summary>The section is over, with a one-line summary.</summary>
    void End(string section, string summary);
}

internal sealed class NoProgress : IBenchProgress
{
    public void Begin(string section)
    {
    }

    public void Status(string detail)
    {
    }

    public void End(string section, string summary)
    {
    }
}
