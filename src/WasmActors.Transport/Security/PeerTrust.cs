using System.Security.Cryptography.X509Certificates;

namespace WasmActors.Transport.Security;

/// <summary>What a client accepts as the server's certificate: one of a set of pinned certificates,
/// or any certificate that chains to one of the given CA certificates.</summary>
public sealed class PeerTrust
{
    private PeerTrust(IReadOnlyList<X509Certificate2> pinned, IReadOnlyList<X509Certificate2> authorities)
    {
        Pinned = pinned;
        Authorities = authorities;
    }

    public IReadOnlyList<X509Certificate2> Pinned { get; }

    public IReadOnlyList<X509Certificate2> Authorities { get; }

    public static PeerTrust Pin(params X509Certificate2[] certificates) => new(certificates, []);

    public static PeerTrust CertificateAuthority(params X509Certificate2[] authorities) => new([], authorities);

    /// <summary>True when <paramref name="peer"/> is pinned, or chains (custom root trust, no revocation
    /// lookups: cluster CAs are private) to one of the authorities.</summary>
    public bool Accepts(X509Certificate2? peer)
    {
        if (peer is null)
        {
            return false;
        }
        foreach (var pin in Pinned)
        {
            if (pin.RawDataMemory.Span.SequenceEqual(peer.RawDataMemory.Span))
            {
                return true;
            }
        }
        if (Authorities.Count == 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var authority in Authorities)
        {
            chain.ChainPolicy.CustomTrustStore.Add(authority);
        }
        return chain.Build(peer);
    }
}
