using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WasmActors.Transport.Security;

/// <summary>A node's TLS identity: an X.509 certificate with its private key, generated at start-up
/// or loaded from PEM files named in the node's config.</summary>
public sealed class NodeCertificate : IDisposable
{
    private NodeCertificate(X509Certificate2 certificate, string certificatePem, string privateKeyPem)
    {
        Certificate = certificate;
        CertificatePem = certificatePem;
        PrivateKeyPem = privateKeyPem;
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePem { get; }

    /// <summary>PKCS#8 PEM, for the native QUIC shim.</summary>
    public string PrivateKeyPem { get; }

    /// <summary>A self-signed ECDSA P-256 certificate valid for a year; peers pin it.</summary>
    public static NodeCertificate CreateSelfSigned(string subjectName = "wasmactors-node")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subjectName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(subjectName);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        return FromPem(created.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Loads a certificate and its private key (PKCS#8, EC or RSA) from PEM files.</summary>
    public static NodeCertificate LoadPem(string certificatePath, string privateKeyPath)
        => FromPem(File.ReadAllText(certificatePath), File.ReadAllText(privateKeyPath));

    /// <summary>The same certificate and key as PEM too (the native QUIC shim takes PEM), e.g. the cluster
    /// certificate loaded from a .pfx. The key must be an exportable ECDSA or RSA key.</summary>
    public static NodeCertificate FromCertificate(X509Certificate2 certificate)
    {
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException($"certificate {certificate.Subject} has no ECDSA or RSA private key", nameof(certificate));
        return FromPem(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public static NodeCertificate FromPem(string certificatePem, string privateKeyPem)
    {
        using var loaded = X509Certificate2.CreateFromPem(certificatePem, privateKeyPem);
        // Re-import through PKCS#12 so SslStream on every platform can use the key.
        var usable = X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
        return new NodeCertificate(usable, certificatePem, NormalizeKeyPem(privateKeyPem));
    }

    private static string NormalizeKeyPem(string pem)
    {
        if (pem.Contains("BEGIN PRIVATE KEY", StringComparison.Ordinal))
        {
            return pem;
        }
        using var rsaOrEc = TryImport(pem);
        return rsaOrEc.ExportPkcs8PrivateKeyPem();
    }

    private static AsymmetricAlgorithm TryImport(string pem)
    {
        try
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return ec;
        }
        catch (CryptographicException)
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return rsa;
        }
    }

    public void Dispose() => Certificate.Dispose();
}
