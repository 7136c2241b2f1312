using System.Reflection;
using Akka.Configuration;

namespace WasmActors.Actors.Configuration;

/// <summary>Loads node configuration: a HOCON file or text over the embedded reference.conf.</summary>
public static class WasmActorsConfig
{
    private const string ResourceName = "WasmActors.Actors.reference.conf";

    /// <summary>The embedded defaults (wasmactors.* and the Akka settings every node shares).</summary>
    public static Config Reference { get; } = LoadReference();

    /// <summary>Parses <paramref name="hocon"/> (a node file's text: <c>${?VAR}</c> lines as in <see cref="FromFile"/>) with the defaults as fallback.</summary>
    public static Config FromText(string hocon) =>
        ConfigurationFactory.ParseString(EnvironmentSubstitution.Resolve(hocon, Environment.GetEnvironmentVariable, "configuration text")).WithFallback(Reference);

    /// <summary>How deep <c>include "file"</c> may nest (a file that includes itself stops here, not in a stack overflow).</summary>
    private const int MaxIncludeDepth = 8;

    /// <summary>
    /// Reads a node file (e.g. hocon/run-node.conf); <c>include "other.conf"</c> inside it is read relative to the
    /// file's folder, and <c>key = ${?VAR}</c> lines take VAR from the environment (<see cref="EnvironmentSubstitution"/>). Throws <see cref="FileNotFoundException"/> when it is missing and
    /// <see cref="ConfigurationException"/> naming the file when it is not valid HOCON.
    /// </summary>
    public static Config FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"configuration file {path} does not exist", path);
        }

        try
        {
            return new Config(Parse(path, 0)).WithFallback(Reference);
        }
        catch (Exception e) when (e is not ConfigurationException)
        {
            // The HOCON parser reports some malformed input with exceptions of its own (even NullReferenceException).
            throw new ConfigurationException($"{path} is not a valid configuration file: {e.Message}", e);
        }
    }

    /// <summary>Parses one file; an include inside it is read, the same way, relative to that file's folder.</summary>
    private static Akka.Configuration.Hocon.HoconRoot Parse(string file, int depth)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var text = EnvironmentSubstitution.Resolve(File.ReadAllText(file), Environment.GetEnvironmentVariable, file);
        return Akka.Configuration.Hocon.Parser.Parse(text, name =>
        {
            if (depth + 1 > MaxIncludeDepth)
            {
                throw new ConfigurationException($"includes nest deeper than {MaxIncludeDepth} levels at \"{name}\"");
            }

            var included = Path.Combine(folder, name.Trim('"'));
            if (!File.Exists(included))
            {
                throw new ConfigurationException($"included file {included} does not exist");
            }

            return Parse(included, depth + 1);
        });
    }

    private static Config LoadReference()
    {
        using var stream = typeof(WasmActorsConfig).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from {Assembly.GetExecutingAssembly().GetName().Name}");
        using var reader = new StreamReader(stream);
        // Akka.DistributedData's defaults (the replicator, its serializers) are part of every node's configuration
        // from the start, so its messages are bound to its own serializers (docs/adr-022-snapshot-replication.md).
        return ConfigurationFactory.ParseString(reader.ReadToEnd()).WithFallback(Akka.DistributedData.DistributedData.DefaultConfig());
    }
}
