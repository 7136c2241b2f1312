using WasmActors.Bench.Exec;

namespace WasmActors.Bench.EndToEnd;

/// <summary>The repository folders the benchmark reads: samples/ (the programs) and hocon/ (the node configs).</summary>
internal sealed record RepositoryPaths(string Samples, string Hocon)
{
    public string Sample(string name) => Path.Combine(Samples, name + ".wasm");

    /// <summary>Next to the samples folder found by <see cref="SamplesLocator"/>; null outside a checkout.</summary>
    public static RepositoryPaths? Find(string? samplesDirectory = null)
    {
        var samples = samplesDirectory ?? SamplesLocator.Find();
        if (samples is null || !Directory.Exists(samples))
        {
            return null;
        }

        var hocon = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(samples).TrimEnd(Path.DirectorySeparatorChar))!, "hocon");
        return new RepositoryPaths(samples, hocon);
    }
}
