using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Hosting;
using WasmActors.Node.Commands;
using WasmActors.TestKit;

namespace WasmActors.Actors.Tests;

/// <summary>The pieces of Akka.Remote TLS without a network: settings, the cluster certificate, the pin, the system setup, `wasmactors cert`.</summary>
public sealed class RemoteTlsConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wasmactors-tls-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void RemoteTlsIsOnInTheDefaultsAndOnlyInsecurePlaintextTurnsItOff()
    {
        var defaults = RemoteTlsSettings.Read(WasmActorsConfig.Reference);
        Assert.True(defaults.Enabled);
        Assert.Equal("cluster/cluster.pfx", defaults.CertificatePath);
        var missing = Assert.Throws<ConfigurationException>(() => RemoteTlsSettings.Read(WasmActorsConfig.FromText("wasmactors.remote-tls.certificate = \"\"")));
        Assert.Contains("wasmactors cert --out", missing.Message, StringComparison.Ordinal);
        var badPin = Assert.Throws<ConfigurationException>(() => RemoteTlsSettings.Read(WasmActorsConfig.FromText(
            "wasmactors.remote-tls { certificate = x.pfx, also-accept = [\"abc\"] }")));
        Assert.Contains("also-accept", badPin.Message, StringComparison.Ordinal);

        // The retired switch must not quietly mean anything, least of all plain text.
        var retired = Assert.Throws<ConfigurationException>(() => RemoteTlsSettings.Read(WasmActorsConfig.FromText("wasmactors.remote-tls.enabled = off")));
        Assert.Contains("insecure-plaintext", retired.Message, StringComparison.Ordinal);
        Assert.False(RemoteTlsSettings.Read(WasmActorsConfig.FromText("wasmactors.remote-tls.insecure-plaintext = on")).Enabled);
    }

    [Fact]
    public async Task ANodeWithoutItsCertificateRefusesToStartSayingHowToMakeOne()
    {
        var absent = Path.Combine(_folder, "cluster.pfx");
        var config = WasmActorsTestKit.NodeConfig("run-node.conf", "run-1", $"wasmactors.remote-tls.certificate = \"{absent}\"");
        var refused = await Assert.ThrowsAsync<ConfigurationException>(() => WasmActorsNode.StartAsync(config));
        Assert.Contains("wasmactors cert --out", refused.Message, StringComparison.Ordinal);
        Assert.Contains(absent, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANodeStartedInPlainTextSaysSoInItsLog()
    {
        RecordingLogger.Clear();
        var config = WasmActorsTestKit.NodeConfig("run-node.conf", "plain", """
            wasmactors.remote-tls.insecure-plaintext = on
            wasmactors.bulk.enabled = off
            akka.loggers = ["WasmActors.Actors.Tests.RecordingLogger, WasmActors.Actors.Tests"]
            """);
        await using var node = await WasmActorsNode.StartAsync(config);
        Assert.Equal("akka.tcp", node.Address.Protocol);
        Assert.Contains("WITHOUT TLS", await RecordingLogger.WaitForAsync("insecure-plaintext = on", TimeSpan.FromSeconds(30)), StringComparison.Ordinal);
    }

    [Fact]
    public void APasswordProtectedCertificateLoadsOnlyWithItsPassword()
    {
        using var certificate = ClusterCertificate.Create(TimeSpan.FromDays(1));
        var path = Path.Combine(_folder, "cluster.pfx");
        ClusterCertificate.WritePfx(path, certificate, "correct horse");

        using var loaded = ClusterCertificate.Load(path, "correct horse");
        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(ClusterCertificate.Fingerprint(certificate), ClusterCertificate.Fingerprint(loaded));
        Assert.Throws<ConfigurationException>(() => ClusterCertificate.Load(path, "wrong"));
        Assert.Throws<ConfigurationException>(() => ClusterCertificate.Load(Path.Combine(_folder, "absent.pfx"), null));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Throws<IOException>(() => ClusterCertificate.WritePfx(path, certificate, null)); // never replaced by accident
    }

    [Fact]
    public void ACertificateWithoutItsKeyOrOutsideItsValidityIsRefusedAtStart()
    {
        using var certificate = ClusterCertificate.Create(TimeSpan.FromDays(1));
        var publicOnly = Path.Combine(_folder, "public.pfx");
        using (var withoutKey = X509CertificateLoader.LoadCertificate(certificate.RawData))
        {
            File.WriteAllBytes(publicOnly, withoutKey.Export(X509ContentType.Pkcs12));
        }

        Assert.Contains("no private key", Assert.Throws<ConfigurationException>(() => ClusterCertificate.Load(publicOnly, null)).Message, StringComparison.Ordinal);

        using var expired = ClusterCertificate.Create(TimeSpan.FromMinutes(-30)); // valid from 1 h ago until 30 min ago
        var expiredPath = Path.Combine(_folder, "expired.pfx");
        ClusterCertificate.WritePfx(expiredPath, expired, null);
        Assert.Contains("not now", Assert.Throws<ConfigurationException>(() => ClusterCertificate.Load(expiredPath, null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePinAcceptsTheClusterCertificateAndWhatItIsToldToAlsoAcceptOnly()
    {
        using var cluster = ClusterCertificate.Create(TimeSpan.FromDays(1));
        using var other = ClusterCertificate.Create(TimeSpan.FromDays(1));
        using var sameSubjectOtherKey = ClusterCertificate.Create(TimeSpan.FromDays(1), cluster.Subject);
        using var next = ClusterCertificate.Create(TimeSpan.FromDays(1));
        using var expired = ClusterCertificate.Create(TimeSpan.FromMinutes(-30));
        using var publicPart = X509CertificateLoader.LoadCertificate(cluster.RawData);

        var pin = ClusterCertificatePin.Validator(cluster);
        Assert.True(pin(publicPart, null, "peer", System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors, NoLogger.Instance));
        Assert.False(pin(other, null, "peer", System.Net.Security.SslPolicyErrors.None, NoLogger.Instance));
        Assert.False(pin(sameSubjectOtherKey, null, "peer", System.Net.Security.SslPolicyErrors.None, NoLogger.Instance));
        Assert.False(pin(null, null, "peer", System.Net.Security.SslPolicyErrors.RemoteCertificateNotAvailable, NoLogger.Instance));

        // Rotation: the fingerprint of the next certificate, with colons and in lower case as tools print it.
        var colons = string.Join(":", ClusterCertificate.Fingerprint(next).Chunk(2).Select(pair => new string(pair))).ToLowerInvariant();
        var rotating = ClusterCertificatePin.Validator(cluster, [colons]);
        Assert.True(rotating(next, null, "peer", System.Net.Security.SslPolicyErrors.None, NoLogger.Instance));
        Assert.False(rotating(other, null, "peer", System.Net.Security.SslPolicyErrors.None, NoLogger.Instance));

        var pinnedExpired = ClusterCertificatePin.Validator(expired);
        Assert.False(pinnedExpired(expired, null, "peer", System.Net.Security.SslPolicyErrors.None, NoLogger.Instance));
    }

    [Fact]
    public void TheSetupTurnsOnTlsWithThePinAndDialsPlainSeedAddressesOverTls()
    {
        var config = ConfigurationFactory.ParseString($$"""
            {{TestClusterCertificate.RemoteTlsConfig(TestClusterCertificate.Path)}}
            akka.cluster.seed-nodes = ["akka.tcp://wasmactors@127.0.0.1:4053", "akka.ssl.tcp://wasmactors@127.0.0.1:4054"]
            """).WithFallback(WasmActorsConfig.Reference);
        var setup = WasmActorsSystem.Setup(config);

        var ssl = setup.Get<Akka.Remote.Transport.DotNetty.DotNettySslSetup>().Value;
        Assert.False(ssl.SuppressValidation);
        Assert.True(ssl.RequireMutualAuthentication);
        Assert.NotNull(ssl.CustomValidator);
        var effective = setup.Get<BootstrapSetup>().Value.Config.Value;
        Assert.True(effective.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.Equal(["akka.ssl.tcp://wasmactors@127.0.0.1:4053", "akka.ssl.tcp://wasmactors@127.0.0.1:4054"], effective.GetStringList("akka.cluster.seed-nodes"));

        var plain = WasmActorsSystem.Setup(WasmActorsConfig.FromText("wasmactors.remote-tls.insecure-plaintext = on"));
        Assert.False(plain.Get<Akka.Remote.Transport.DotNetty.DotNettySslSetup>().HasValue);
    }

    [Fact]
    public void CertCommandWritesALoadableCertificateAndKeepsAnExistingOne()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, CertCommand.Run(_folder, 30, null, false, output, error));
        var path = Path.Combine(_folder, CertCommand.FileName);
        using var written = ClusterCertificate.Load(path, null);
        Assert.Contains(ClusterCertificate.Fingerprint(written), output.ToString(), StringComparison.Ordinal);
        Assert.InRange(written.NotAfter, DateTime.Now.AddDays(29), DateTime.Now.AddDays(31));

        Assert.Equal(1, CertCommand.Run(_folder, 30, null, false, output, error));
        Assert.Contains("exists", error.ToString(), StringComparison.Ordinal);
        using (var unchanged = ClusterCertificate.Load(path, null))
        {
            Assert.Equal(ClusterCertificate.Fingerprint(written), ClusterCertificate.Fingerprint(unchanged));
        }

        Assert.Equal(0, CertCommand.Run(_folder, 30, null, true, output, error));
        using var replaced = ClusterCertificate.Load(path, null);
        Assert.NotEqual(ClusterCertificate.Fingerprint(written), ClusterCertificate.Fingerprint(replaced));
        Assert.Equal(CommandLine.UsageExitCode, CertCommand.Run(_folder, 0, null, true, output, error));
        Assert.Equal(CommandLine.UsageExitCode, CertCommand.Run(_folder, 30, "WASMACTORS_TEST_UNSET_PASSWORD_VARIABLE", true, output, error));
    }
}
