using Akka.Configuration;

namespace WasmActors.Actors.Configuration;

/// <summary>
/// Akka.Remote over TLS with a pinned cluster certificate (wasmactors.remote-tls, docs/adr-008-remote-tls.md):
/// every node presents <see cref="CertificatePath"/> on each connection, in and out, and accepts a peer only when
/// it presents that very certificate or one whose SHA-256 fingerprint is in <see cref="AlsoAccept"/>. TLS is the
/// default; only <c>insecure-plaintext = on</c> turns it off (<see cref="Enabled"/> false), and a node that starts
/// so says it in its log.
/// </summary>
public sealed record RemoteTlsSettings(bool Enabled, string CertificatePath, string PasswordEnvironmentVariable, IReadOnlyList<string> AlsoAccept)
{
    /// <summary>What <c>insecure-plaintext = on</c> gives: no TLS, no certificate.</summary>
    internal static RemoteTlsSettings InsecurePlaintext { get; } = new(false, "", "", []);

    /// <summary>The warning a node or client started in plain text logs.</summary>
    internal const string PlaintextWarning =
        "wasmactors.remote-tls.insecure-plaintext = on: Akka.Remote and the bulk path run WITHOUT TLS; anyone who can reach " +
        "this node's ports can join the cluster, deploy programs and read snapshots. Use it on an isolated test machine only.";

    /// <summary>
    /// Reads wasmactors.remote-tls; unless it says insecure-plaintext = on, an empty certificate path, a bad
    /// fingerprint or the retired <c>enabled</c> key throws <see cref="ConfigurationException"/>.
    /// </summary>
    internal static RemoteTlsSettings Read(Config config)
    {
        var section = config.GetConfig("wasmactors.remote-tls");
        if (section is not null && section.HasPath("enabled"))
        {
            throw new ConfigurationException("wasmactors.remote-tls.enabled is no longer read: TLS is always on. Remove the key; to run " +
                "without TLS on an isolated test machine set wasmactors.remote-tls.insecure-plaintext = on");
        }

        if (section is not null && section.GetBoolean("insecure-plaintext", false))
        {
            return InsecurePlaintext;
        }

        var path = section?.GetString("certificate", "") ?? "";
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ConfigurationException("wasmactors.remote-tls.certificate is empty: name the cluster certificate (.pfx) made by " +
                "`wasmactors cert --out DIR` (every node and client of a cluster uses the same file)");
        }

        var alsoAccept = section!.GetStringList("also-accept", []).Select(entry => ClusterCertificate.NormalizeFingerprint(entry)
            ?? throw new ConfigurationException($"wasmactors.remote-tls.also-accept entry \"{entry}\" is not a SHA-256 fingerprint (64 hex digits, colons allowed)")).ToArray();
        return new RemoteTlsSettings(true, path, section.GetString("password-env", ""), alsoAccept);
    }
}
