using Akka.Configuration;
using WasmActors.Actors.Configuration;

namespace WasmActors.Actors.Hosting;

/// <summary>
/// A cluster certificate for a cluster that lives and dies inside one process (the demo, the in-process bench
/// cluster): made in a new temporary folder, so such a cluster speaks remote TLS like a real one without needing
/// the operator's cluster/cluster.pfx, and deleted with the folder when disposed.
/// </summary>
internal sealed class TemporaryClusterCertificate : IDisposable
{
    private readonly string _folder;

    private TemporaryClusterCertificate(string folder, string path)
    {
        _folder = folder;
        Path = path;
    }

    /// <summary>The .pfx (no password).</summary>
    public string Path { get; }

    /// <summary>Makes a certificate valid for a day in a new temporary folder named after <paramref name="prefix"/>.</summary>
    public static TemporaryClusterCertificate Create(string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        var path = System.IO.Path.Combine(folder, ClusterCertificate.FileName);
        using (var certificate = ClusterCertificate.Create(TimeSpan.FromDays(1)))
        {
            ClusterCertificate.WritePfx(path, certificate, password: null);
        }

        return new TemporaryClusterCertificate(folder, path);
    }

    /// <summary>
    /// <paramref name="config"/> with its wasmactors.remote-tls.certificate pointing here (password-env cleared: this file has
    /// none); unchanged when it says insecure-plaintext = on.
    /// </summary>
    public Config Apply(Config config) =>
        config.GetBoolean("wasmactors.remote-tls.insecure-plaintext", false)
            ? config
            : ConfigurationFactory.ParseString($"wasmactors.remote-tls {{ certificate = \"{Path.Replace("\\", "\\\\", StringComparison.Ordinal)}\", password-env = \"\" }}").WithFallback(config);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // already gone, or held open on an odd platform: it is a temporary folder either way
        }
    }
}
