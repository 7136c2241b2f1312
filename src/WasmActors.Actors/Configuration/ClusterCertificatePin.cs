using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using WasmActors.Transport.Security;

namespace WasmActors.Actors.Configuration;

/// <summary>
/// The peer check of the cluster, for Akka.Remote TLS and the bulk page path alike. Akka.Remote calls it on both
/// ends of every connection (client: the server's certificate; server: the client's, since mutual authentication is
/// required), and the bulk path's transports apply the same <see cref="Trust"/>. A peer passes only when its
/// certificate is byte for byte one of the pinned ones (by SHA-256 of the DER) and is inside its validity period.
/// The TLS handshake itself has already proven that the peer holds that certificate's private key.
/// </summary>
internal static class ClusterCertificatePin
{
    /// <summary>The message logged (warning) when a peer is refused; tests and operators look for it.</summary>
    public const string RefusedMarker = "remote TLS: refused";

    /// <summary>The peers to accept: <paramref name="cluster"/> and the certificates whose fingerprints are in <paramref name="alsoAccept"/>.</summary>
    public static PeerTrust Trust(X509Certificate2 cluster, IEnumerable<string>? alsoAccept = null)
    {
        var pinned = new List<string> { ClusterCertificate.Fingerprint(cluster) };
        foreach (var fingerprint in alsoAccept ?? [])
        {
            pinned.Add(ClusterCertificate.NormalizeFingerprint(fingerprint) ?? throw new ArgumentException($"\"{fingerprint}\" is not a SHA-256 fingerprint", nameof(alsoAccept)));
        }

        return PeerTrust.Fingerprints(pinned, "the cluster certificate");
    }

    /// <summary>A validator that accepts what <see cref="Trust"/> accepts.</summary>
    public static CertificateValidationCallback Validator(X509Certificate2 cluster, IEnumerable<string>? alsoAccept = null)
    {
        var trust = Trust(cluster, alsoAccept);

        // The policy errors are not consulted: a self-signed cluster certificate always has an untrusted root, and
        // peers are addressed by IP as often as by name. The pin replaces both checks and is stricter than either.
        return (certificate, _, peer, _, log) => Accepts(trust, certificate, peer, log);
    }

    private static bool Accepts(PeerTrust trust, X509Certificate2? certificate, string peer, ILoggingAdapter log)
    {
        if (trust.Refusal(certificate) is { } why)
        {
            log.Warning("{0} {1}: {2}", RefusedMarker, peer, why);
            return false;
        }

        return true;
    }
}
