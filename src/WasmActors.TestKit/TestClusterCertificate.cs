using System.Security.Cryptography.X509Certificates;
using WasmActors.Actors.Configuration;

namespace WasmActors.TestKit;

/// <summary>
/// Cluster certificates for tests: Akka.Remote TLS needs one .pfx that every node of a cluster loads. Each is made
/// fresh in its own temporary folder (so no key material lives in the repository) and deleted when the process exits.
/// </summary>
public static class TestClusterCertificate
{
    private static readonly Lazy<string> SharedPath = new(() => Write(ClusterCertificate.Create(TimeSpan.FromDays(1))));

    /// <summary>The certificate every <see cref="WasmActorsTestKit"/> cluster of this test process shares.</summary>
    public static string Path => SharedPath.Value;

    /// <summary>Writes <paramref name="certificate"/> (no password) to a new temporary folder and returns the file's path.</summary>
    public static string Write(X509Certificate2 certificate)
    {
        var directory = Directory.CreateTempSubdirectory("wasmactors-tls-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(directory);
        var path = System.IO.Path.Combine(directory, "cluster.pfx");
        ClusterCertificate.WritePfx(path, certificate, password: null);
        return path;
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a test removed it already, or the process is going away under it: the temp folder's owner cleans up
        }
    }

    /// <summary>HOCON that turns Akka.Remote TLS on with the certificate at <paramref name="path"/>.</summary>
    public static string RemoteTlsConfig(string path) =>
        $"wasmactors.remote-tls {{ certificate = \"{path.Replace("\\", "\\\\", StringComparison.Ordinal)}\" }}";
}
