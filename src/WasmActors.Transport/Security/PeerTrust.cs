using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WasmActors.Transport.Security;

/// <summary>What one side accepts as its peer's certificate: one whose SHA-256 (over the whole DER) is pinned
/// and which is inside its validity period, or any certificate that chains to one of the given CA certificates.
/// A client checks the server with it; a server given one requires a client certificate and checks it too
/// (mutual TLS). Every backend applies this one rule (the ngtcp2 shim in C, the others through
/// <see cref="Accepts"/>).</summary>
public sealed class PeerTrust
{
    public const int Sha256Bytes = 32;

    private readonly string _pinnedName;

    private PeerTrust(IReadOnlyList<byte[]> pinnedSha256, IReadOnlyList<X509Certificate2> authorities, string pinnedName = "a pinned certificate")
    {
        PinnedSha256 = pinnedSha256;
        Authorities = authorities;
        _pinnedName = pinnedName;
    }

    /// <summary>SHA-256 digests of the accepted certificates.</summary>
    public IReadOnlyList<byte[]> PinnedSha256 { get; }

    public IReadOnlyList<X509Certificate2> Authorities { get; }

    public static PeerTrust Pin(params X509Certificate2[] certificates) =>
        new(certificates.Select(c => c.GetCertHash(HashAlgorithmName.SHA256)).ToArray(), []);

    /// <summary>Pins certificates by SHA-256 fingerprint, 64 hex digits each (colons and spaces allowed);
    /// <paramref name="pinnedName"/> names them in refusals ("the cluster certificate").</summary>
    public static PeerTrust Fingerprints(IEnumerable<string> sha256Hex, string pinnedName = "a pinned certificate") =>
        new(sha256Hex.Select(ParseFingerprint).ToArray(), [], pinnedName);

    public static PeerTrust CertificateAuthority(params X509Certificate2[] authorities) => new([], authorities);

    /// <summary>True when <paramref name="peer"/> is pinned and current, or chains (custom root trust, no
    /// revocation lookups: cluster CAs are private) to one of the authorities.</summary>
    public bool Accepts(X509Certificate2? peer) => Refusal(peer) is null;

    /// <summary>Why <paramref name="peer"/> is not accepted, or null when it is.</summary>
    public string? Refusal(X509Certificate2? peer)
    {
        if (peer is null)
        {
            return "it presented no certificate";
        }
        var digest = peer.GetCertHash(HashAlgorithmName.SHA256);
        if (PinnedSha256.Any(pin => CryptographicOperations.FixedTimeEquals(pin, digest)))
        {
            var now = DateTime.Now;
            return now < peer.NotBefore || now > peer.NotAfter
                ? $"its certificate is valid from {peer.NotBefore:u} until {peer.NotAfter:u}, not now"
                : null;
        }
        if (Authorities.Count > 0 && ChainsToAuthority(peer))
        {
            return null;
        }
        var orAuthority = Authorities.Count > 0 ? " nor issued by a trusted CA" : "";
        return $"its certificate {Convert.ToHexString(digest)} ({peer.Subject}) is not {_pinnedName}{orAuthority}";
    }

    private bool ChainsToAuthority(X509Certificate2 peer)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var authority in Authorities)
        {
            chain.ChainPolicy.CustomTrustStore.Add(authority);
        }
        return chain.Build(peer);
    }

    private static byte[] ParseFingerprint(string text)
    {
        var hex = new string(text.Where(c => c is not (':' or ' ')).ToArray());
        return hex.Length == 2 * Sha256Bytes && hex.All(Uri.IsHexDigit)
            ? Convert.FromHexString(hex)
            : throw new ArgumentException($"\"{text}\" is not a SHA-256 fingerprint (64 hex digits)", nameof(text));
    }
}
