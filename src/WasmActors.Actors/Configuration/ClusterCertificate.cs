using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;

namespace WasmActors.Actors.Configuration;

/// <summary>
/// The cluster certificate of Akka.Remote TLS: one self-signed certificate with its private key, shared by every
/// node and client of a cluster, that each side of a connection presents and pins (see <see cref="ClusterCertificatePin"/>).
/// </summary>
internal static class ClusterCertificate
{
    public const string DefaultSubject = "CN=wasmactors cluster";

    /// <summary>The file `wasmactors cert --out DIR` writes in DIR.</summary>
    public const string FileName = "cluster.pfx";

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>A new self-signed ECDSA P-256 certificate for TLS server and client use, valid from an hour ago (clock skew) for <paramref name="validity"/>.</summary>
    public static X509Certificate2 Create(TimeSpan validity, string subject = DefaultSubject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication), new Oid(ClientAuthentication)], false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddHours(-1), now + validity);

        // Through PKCS#12 and back, so the key is one TLS can use on every platform (not an ephemeral handle).
        return X509CertificateLoader.LoadPkcs12(ExportPfx(created, null), null);
    }

    /// <summary>
    /// The certificate and its private key as PKCS#12, encrypted with AES-256 and the default key derivation when a
    /// password is given. Without one, anyone holding the file opens it, so the derivation is one round: the default
    /// 2,000 cost every node and client command 15 ms at start and protected nothing (the file's mode does).
    /// </summary>
    public static byte[] ExportPfx(X509Certificate2 certificate, string? password) =>
        string.IsNullOrEmpty(password)
            ? certificate.ExportPkcs12(WithoutPassword, null)
            : certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password);

    private static readonly PbeParameters WithoutPassword = new(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, iterationCount: 1);

    /// <summary>Writes a new .pfx readable by its owner only (0600 outside Windows); an existing file is replaced only with <paramref name="overwrite"/>.</summary>
    public static void WritePfx(string path, X509Certificate2 certificate, string? password, bool overwrite = false)
    {
        var options = new FileStreamOptions { Mode = overwrite ? FileMode.Create : FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new FileStream(path, options);
        file.Write(ExportPfx(certificate, password));
    }

    /// <summary>
    /// Loads the cluster certificate of wasmactors.remote-tls. Every problem (missing file, not PKCS#12, wrong
    /// password, no private key, outside its validity) is a <see cref="ConfigurationException"/> naming the file.
    /// </summary>
    public static X509Certificate2 Load(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException(MissingMessage(path));
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(password) ? null : password);
        }
        catch (CryptographicException e)
        {
            throw new ConfigurationException($"wasmactors.remote-tls.certificate: {path} is not a PKCS#12 file this password opens ({e.Message})");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ConfigurationException($"wasmactors.remote-tls.certificate: {path} holds no private key; the cluster certificate needs one on every node");
        }

        var now = DateTime.Now;
        if (now < certificate.NotBefore || now > certificate.NotAfter)
        {
            var (from, until) = (certificate.NotBefore, certificate.NotAfter);
            certificate.Dispose();
            throw new ConfigurationException($"wasmactors.remote-tls.certificate: {path} is valid from {from:u} until {until:u}, not now");
        }

        return certificate;
    }

    /// <summary>
    /// One line for a certificate file that is not there, with the command that makes it. A relative path is read
    /// from the working directory (not the HOCON file's folder), so the line names that directory and the command,
    /// run there, writes exactly the file that was looked for.
    /// </summary>
    public static string MissingMessage(string path)
    {
        var directory = Path.GetDirectoryName(path);
        var command = $"wasmactors cert --out {ShellWord(string.IsNullOrEmpty(directory) ? "." : directory)}";
        var where = Path.IsPathRooted(path) ? "" : $" (relative to the working directory {Environment.CurrentDirectory})";
        var rename = Path.GetFileName(path) == FileName ? "" : $", which writes {FileName}: rename it to {Path.GetFileName(path)} or name it in wasmactors.remote-tls.certificate";
        return $"remote TLS is on but the cluster certificate {path} does not exist{where}; make it with `{command}`{rename}, and give every node and client of the cluster that same file";
    }

    /// <summary>Loads the certificate named by <paramref name="settings"/>, with the password from its environment variable.</summary>
    public static X509Certificate2 Load(RemoteTlsSettings settings)
    {
        string? password = null;
        if (!string.IsNullOrEmpty(settings.PasswordEnvironmentVariable))
        {
            password = Environment.GetEnvironmentVariable(settings.PasswordEnvironmentVariable)
                ?? throw new ConfigurationException($"wasmactors.remote-tls.password-env names {settings.PasswordEnvironmentVariable}, which is not set");
        }

        return Load(settings.CertificatePath, password);
    }

    /// <summary>SHA-256 of the whole certificate (DER), 64 upper-case hex digits: what peers pin.</summary>
    public static string Fingerprint(X509Certificate2 certificate) => Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));

    /// <summary>The fingerprint as 64 upper-case hex digits (colons and spaces dropped), or null when it is not one.</summary>
    public static string? NormalizeFingerprint(string text)
    {
        var hex = new string(text.Where(c => c is not (':' or ' ')).ToArray()).ToUpperInvariant();
        return hex.Length == 64 && hex.All(Uri.IsHexDigit) ? hex : null;
    }

    private static string ShellWord(string text) => text.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`') ? "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : text;
}
