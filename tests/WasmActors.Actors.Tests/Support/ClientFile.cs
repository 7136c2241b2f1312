using WasmActors.TestKit;

namespace WasmActors.Actors.Tests;

/// <summary>The client environment a user's shell would set for the test cluster: a client file and the seed.</summary>
internal static class ClientFile
{
    /// <summary>
    /// Writes, in <paramref name="folder"/>, a client file naming the test cluster certificate; returns WASMACTORS_CONFIG
    /// and WASMACTORS_SEED. A loaded test machine may take more than the default 2 s for a first TLS handshake.
    /// </summary>
    public static Dictionary<string, string> Environment(string folder, string seed)
    {
        var file = Path.Combine(folder, "client.conf");
        File.WriteAllText(file, TestClusterCertificate.RemoteTlsConfig(TestClusterCertificate.Path) + "\nwasmactors.client.contact-timeout = 20s\n");
        return new() { ["WASMACTORS_CONFIG"] = file, ["WASMACTORS_SEED"] = seed };
    }
}
