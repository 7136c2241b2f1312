using System.Reflection;

namespace WasmActors.TestKit;

/// <summary>
/// The node files (hocon/*.conf) and sample programs (samples/*.wasm) the test kit starts clusters and deploys
/// from, embedded in this assembly so the kit works from a package reference, with no repository around it.
/// </summary>
public static class TestKitFiles
{
    private const string HoconPrefix = "WasmActors.TestKit.hocon.";
    private const string SamplePrefix = "WasmActors.TestKit.samples.";

    /// <summary>The names of the embedded samples, without ".wasm" (e.g. "counter").</summary>
    public static IReadOnlyList<string> Samples { get; } = Names(SamplePrefix, ".wasm");

    /// <summary>A node file's text, e.g. "run-node.conf".</summary>
    public static string Hocon(string name)
    {
        using var reader = new StreamReader(Open(HoconPrefix + name, $"node file {name}"));
        return reader.ReadToEnd();
    }

    /// <summary>A sample's module bytes, e.g. "counter" or "counter.wasm".</summary>
    public static byte[] Sample(string name)
    {
        var file = name.EndsWith(".wasm", StringComparison.Ordinal) ? name : name + ".wasm";
        using var stream = Open(SamplePrefix + file, $"sample {file}");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    private static Stream Open(string resource, string what) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new FileNotFoundException($"the test kit has no {what}; it holds the samples {string.Join(", ", Samples)}");

    private static string[] Names(string prefix, string suffix) =>
        Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(suffix, StringComparison.Ordinal))
            .Select(n => n[prefix.Length..^suffix.Length])
            .Order(StringComparer.Ordinal)
            .ToArray();
}
