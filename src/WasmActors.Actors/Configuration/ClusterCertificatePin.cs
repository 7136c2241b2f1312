using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace WasmActors.Actors.Configuration;

/// <summary>
/// The peer check of Akka.Remote TLS. Akka.Remote calls it on both ends of every connection (client: the server's
/// certificate; server: the client's, since mutual authentication is required). A peer passes only when its
/// certificate is byte for byte one of the pinned ones (by SHA-256 of the DER) and is inside its validity period.
/// The TLS handshake itself has already proven that the peer holds that certificate's private key.
/// </summary>
public static class ClusterCertificatePin
{
    /// <summary>The message logged (warning) when a peer is refused; tests and operators look for it.</summary>
    public const string RefusedMarker = "remote TLS: refused";

    /// <summary>A validator that accepts <paramref name="cluster"/> and the certificates whose fingerprints are in <paramref name="alsoAccept"/>.</summary>
    public static CertificateValidationCallback Validator(X509Certificate2 cluster, IEnumerable<string>? alsoAccept = null)
    {
        var pinned = new HashSet<string>(StringComparer.Ordinal) { ClusterCertificate.Fingerprint(cluster) };
        foreach (var fingerprint in alsoAccept ?? [])
        {
            pinned.Add(ClusterCertificate.NormalizeFingerprint(fingerprint) ?? throw new ArgumentException($"\"{fingerprint}\" is not a SHA-256 fingerprint", nameof(alsoAccept)));
        }

        // The policy errors are not consulted: a self-signed cluster certificate always has an untrusted root, and
        // peers are addressed by IP as often as by name. The pin replaces both checks and is stricter than either.
        return (certificate, _, peer, _, log) => Accepts(pinned, certificate, peer, log);
    }

    private static bool Accepts(HashSet<string> pinned, X509Certificate2? certificate, string peer, ILoggingAdapter log)
    {
        if (certificate is null)
        {
            log.Warning("{0} {1}: it presented no certificate", RefusedMarker, peer);
            return false;
        }

        var fingerprint = ClusterCertificate.Fingerprint(certificate);
        if (!pinned.Contains(fingerprint))
        {
            log.Warning("{0} {1}: its certificate {2} ({3}) is not the cluster certificate", RefusedMarker, peer, fingerprint, certificate.Subject);
            return false;
        }

        var now = DateTime.Now;
        if (now < certificate.NotBefore || now > certificate.NotAfter)
        {
            log.Warning("{0} {1}: the cluster certificate is valid from {2:u} until {3:u}, not now", RefusedMarker, peer, certificate.NotBefore, certificate.NotAfter);
            return false;
        }

        return true;
    }
}
