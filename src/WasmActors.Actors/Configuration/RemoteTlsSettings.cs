using Akka.Configuration;

namespace WasmActors.Actors.Configuration;

/// <summary>
/// Akka.Remote over TLS with a pinned cluster certificate (wasmactors.remote-tls, docs/adr-008-remote-tls.md):
/// every node presents <see cref="CertificatePath"/> on each connection, in and out, and accepts a peer only when
/// it presents that very certificate or one whose SHA-256 fingerprint is in <see cref="AlsoAccept"/>.
/// </summary>
public sealed record RemoteTlsSettings(bool Enabled, string CertificatePath, string PasswordEnvironmentVariable, IReadOnlyList<string> AlsoAccept)
{
    public static RemoteTlsSettings Off { get; } = new(false, "", "", []);

    /// <summary>Reads wasmactors.remote-tls; when it is on, a missing certificate path or a bad fingerprint throws <see cref="ConfigurationException"/>.</summary>
    public static RemoteTlsSettings Read(Config config)
    {
        var section = config.GetConfig("wasmactors.remote-tls");
        if (section is null || section.IsEmpty || !section.GetBoolean("enabled", false))
        {
            return Off;
        }

        var path = section.GetString("certificate", "");
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ConfigurationException("wasmactors.remote-tls.enabled = on needs wasmactors.remote-tls.certificate: the cluster certificate (.pfx) made by `wasmactors cert --out DIR`");
        }

        var alsoAccept = section.GetStringList("also-accept", []).Select(entry => ClusterCertificate.NormalizeFingerprint(entry)
            ?? throw new ConfigurationException($"wasmactors.remote-tls.also-accept entry \"{entry}\" is not a SHA-256 fingerprint (64 hex digits, colons allowed)")).ToArray();
        return new RemoteTlsSettings(true, path, section.GetString("password-env", ""), alsoAccept);
    }
}
