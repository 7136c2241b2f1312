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

    /// <summary>How deep <c>include "file"</c> may nest (a file that includes itself stops here, not in a stack overflow).</summary>
    private const int MaxIncludeDepth = 8;

    /// <summary>
    /// Reads a node file (e.g. hocon/run-node.conf); <c>include "other.conf"</c> inside it is read relative to the
    /// file's folder. Throws <see cref="FileNotFoundException"/> when it is missing and
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
            return ConfigurationFactory.ParseString(File.ReadAllText(path), Includes(Path.GetDirectoryName(Path.GetFullPath(path))!, 1)).WithFallback(Reference);
        }
        catch (Exception e) when (e is not ConfigurationException)
        {
            // The HOCON parser reports some malformed input with exceptions of its own (even NullReferenceException).
            throw new ConfigurationException($"{path} is not a valid configuration file: {e.Message}", e);
        }
    }

    private static Func<string, Akka.Configuration.Hocon.HoconRoot> Includes(string folder, int depth) => name =>
    {
        if (depth > MaxIncludeDepth)
        {
            throw new ConfigurationException($"includes nest deeper than {MaxIncludeDepth} levels at \"{name}\"");
        }

        var file = Path.Combine(folder, name.Trim('"'));
        if (!File.Exists(file))
        {
            throw new ConfigurationException($"included file {file} does not exist");
        }

        return Akka.Configuration.Hocon.Parser.Parse(File.ReadAllText(file), Includes(Path.GetDirectoryName(Path.GetFullPath(file))!, depth + 1));
    };

    private static Config LoadReference()
    {
        using var stream = typeof(WasmActorsConfig).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from {Assembly.GetExecutingAssembly().GetName().Name}");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
