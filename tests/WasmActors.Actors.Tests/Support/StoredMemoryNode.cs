namespace WasmActors.Actors.Tests;

/// <summary>A memory node file for node processes with a durable store of its own.</summary>
internal static class StoredMemoryNode
{
    /// <summary>
    /// Writes <paramref name="name"/>.conf in <paramref name="directory"/>: hocon/memory-node.conf with its store in
    /// <paramref name="directory"/>/<paramref name="name"/>. A restarted node's first join is turned away while the
    /// cluster removes its earlier incarnation; it asks again after 2 s rather than the default 10 s.
    /// </summary>
    public static string Config(string directory, string name)
    {
        var file = Path.Combine(directory, $"{name}.conf");
        File.WriteAllText(file, $"""
            include "{RepositoryFiles.Hocon("memory-node.conf")}"
            wasmactors.memory-node.store-path = "{Path.Combine(directory, name)}"
            akka.cluster.retry-unsuccessful-join-after = 2s
            """);
        return file;
    }
}
