using System.CommandLine;
using WasmActors.Actors.Configuration;

namespace WasmActors.Node.Commands;

/// <summary>
/// <c>wasmactors cert --out DIR</c>: makes the cluster certificate of Akka.Remote TLS (DIR/cluster.pfx, self-signed,
/// with its private key). Every node and client of one cluster uses the same file; see docs/adr-008-remote-tls.md.
/// </summary>
internal sealed class CertCommand : ICliCommand
{
    public const string FileName = ClusterCertificate.FileName;

    /// <summary>The certificate the node files, client.conf and the default client name (relative to the working directory).</summary>
    public static readonly string DefaultPath = Path.Combine("cluster", FileName);

    private const int MaxDays = 3650;

    public Command Build()
    {
        var output = new Option<string>("--out") { Description = "folder for cluster.pfx (made if missing)", Required = true, HelpName = "DIR" };
        var days = new Option<int>("--days") { Description = $"validity in days (1..{MaxDays})", DefaultValueFactory = _ => 730, HelpName = "N" };
        var passwordEnv = new Option<string?>("--password-env") { Description = "encrypt the .pfx with the password in this environment variable (nodes name it in wasmactors.remote-tls.password-env)", HelpName = "NAME" };
        var force = new Option<bool>("--force") { Description = "replace an existing cluster.pfx" };
        var command = new Command("cert", "Make the cluster certificate that nodes and clients present and pin for Akka.Remote over TLS.") { output, days, passwordEnv, force };
        command.SetAction(result => Run(
            result.GetRequiredValue(output), result.GetValue(days), result.GetValue(passwordEnv), result.GetValue(force),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string directory, int days, string? passwordEnv, bool force, TextWriter output, TextWriter error)
    {
        if (days is < 1 or > MaxDays)
        {
            error.WriteLine($"wasmactors cert: --days {days} must be between 1 and {MaxDays}");
            return CommandLine.UsageExitCode;
        }

        string? password = null;
        if (!string.IsNullOrEmpty(passwordEnv) && string.IsNullOrEmpty(password = Environment.GetEnvironmentVariable(passwordEnv)))
        {
            error.WriteLine($"wasmactors cert: the environment variable {passwordEnv} is not set or empty");
            return CommandLine.UsageExitCode;
        }

        var path = Path.Combine(directory, FileName);
        if (File.Exists(path) && !force)
        {
            error.WriteLine($"wasmactors cert: {path} exists; --force replaces it (every node then needs the new file)");
            return 1;
        }

        try
        {
            Directory.CreateDirectory(directory);
            using var certificate = ClusterCertificate.Create(TimeSpan.FromDays(days));
            ClusterCertificate.WritePfx(path, certificate, password, overwrite: force);
            output.WriteLine($"cluster certificate {path}: {certificate.Subject}, ECDSA P-256, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}");
            output.WriteLine($"SHA-256 {ClusterCertificate.Fingerprint(certificate)}");
            output.WriteLine("It holds the private key: copy it (mode 0600) to every node and client of the cluster.");
            if (Path.GetRelativePath(".", path) == DefaultPath && string.IsNullOrEmpty(passwordEnv))
            {
                output.WriteLine($"The files in hocon/ and the client commands use {DefaultPath} as it is, from this working directory.");
            }
            else
            {
                output.WriteLine($"Set wasmactors.remote-tls {{ certificate = \"{path}\"{(passwordEnv is { Length: > 0 } ? $", password-env = {passwordEnv}" : "")} }}");
                output.WriteLine("in the nodes' and clients' files, or start nodes with `wasmactors node --config FILE --cluster-certificate " + path + "`.");
            }

            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"wasmactors cert: cannot write {path}: {e.Message}");
            return 1;
        }
    }
}
