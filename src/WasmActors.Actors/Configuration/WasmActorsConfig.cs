using System.Reflection;
using Akka.Configuration;

namespace WasmActors.Actors.Configuration;

/// <summary>Loads node configuration: a HOCON file or text over the embedded reference.conf.</summary>
public static class WasmActorsConfig
{
    private const string ResourceName = "WasmActors.Actors.reference.conf";

    /// <summary>The embedded defaults (wasmactors.* and the Akka settings every node shares).</summary>
    public static Config Reference { get; } = LoadReference();

    /// <summary>Parses <paramref name="hocon"/> with the defaults as fallback.</summary>
    public static Config FromText(string hocon) => ConfigurationFactory.ParseString(hocon).WithFallback(Reference);

    /// <summary>Reads a node file (e.g. hocon/run-node.conf). Throws <see cref="FileNotFoundException"/> when it is missing.</summary>
    public static Config FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"configuration file {path} does not exist", path);
        }

        return FromText(File.ReadAllText(path));
    }

    private static Config LoadReference()
    {
        using var stream = typeof(WasmActorsConfig).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from {Assembly.GetExecutingAssembly().GetName().Name}");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
