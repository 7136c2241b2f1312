using Akka.Configuration;
using WasmActors.Actors.Configuration;

namespace WasmActors.Actors.Tests;

/// <summary>Node files: includes next to the file, and a clear error (never a crash) for anything malformed.</summary>
public sealed class ConfigFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wasmactors-config-").FullName;

    [Fact]
    public void An_include_is_read_from_the_files_folder_and_the_file_overrides_it()
    {
        File.WriteAllText(Path.Combine(_folder, "base.conf"), "wasmactors.node-name = base\nwasmactors.ask-timeout = 7s\n");
        var node = Write("node.conf", "include \"base.conf\"\nwasmactors.node-name = mine\n");

        var config = WasmActorsConfig.FromFile(node);
        Assert.Equal("mine", config.GetString("wasmactors.node-name"));
        Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan("wasmactors.ask-timeout"));
    }

    [Fact]
    public void The_node_files_take_host_port_seeds_name_and_certificate_from_the_environment_when_set()
    {
        var environment = Environment(
            ("WASMACTORS_HOSTNAME", "10.0.0.7"),
            ("WASMACTORS_PORT", "4060"),
            ("WASMACTORS_SEEDS", "[\"akka.tcp://wasmactors@10.0.0.1:4053\", \"akka.tcp://wasmactors@10.0.0.2:4053\"]"),
            ("WASMACTORS_NODE_NAME", "run-7"),
            ("WASMACTORS_CLUSTER_CERTIFICATE", "/etc/wasmactors/cluster.pfx"));
        var set = NodeFile("run-node.conf", environment);
        Assert.Equal("10.0.0.7", set.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(4060, set.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(["akka.tcp://wasmactors@10.0.0.1:4053", "akka.tcp://wasmactors@10.0.0.2:4053"], set.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal("run-7", set.GetString("wasmactors.node-name"));
        Assert.Equal("/etc/wasmactors/cluster.pfx", RemoteTlsSettings.Read(set).CertificatePath);

        // Unset, the file's own values stand.
        var unset = NodeFile("run-node.conf", Environment());
        Assert.Equal("127.0.0.1", unset.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(4055, unset.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(["akka.tcp://wasmactors@127.0.0.1:4053"], unset.GetStringList("akka.cluster.seed-nodes"));
    }

    [Fact]
    public void The_memory_node_file_takes_its_bulk_address_from_the_environment()
    {
        var config = NodeFile("memory-node.conf", Environment(("WASMACTORS_BULK_HOSTNAME", "10.0.0.9"), ("WASMACTORS_BULK_PORT", "4200")));
        Assert.Equal("10.0.0.9", config.GetString("wasmactors.bulk.hostname"));
        Assert.Equal(4200, config.GetInt("wasmactors.bulk.port"));
    }

    [Fact]
    public void An_environment_variable_inside_a_value_is_refused_with_its_line()
    {
        var file = Write("partial.conf", "akka.cluster.seed-nodes = [\"akka.tcp://wasmactors@${?SEED_HOST}:4053\"]\n");
        var e = Assert.Throws<ConfigurationException>(() => WasmActorsConfig.FromFile(file));
        Assert.Contains("partial.conf", e.Message, StringComparison.Ordinal);
        Assert.Contains("${?SEED_HOST}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_client_file_takes_its_address_and_certificate_from_the_environment_when_set()
    {
        var set = NodeFile("client.conf", Environment(("WASMACTORS_HOSTNAME", "10.0.0.8"), ("WASMACTORS_CLUSTER_CERTIFICATE", "/etc/wasmactors/cluster.pfx")));
        Assert.Equal("10.0.0.8", set.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal("/etc/wasmactors/cluster.pfx", RemoteTlsSettings.Read(set).CertificatePath);

        var unset = NodeFile("client.conf", Environment());
        Assert.Equal("127.0.0.1", unset.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal("cluster/cluster.pfx", RemoteTlsSettings.Read(unset).CertificatePath);
    }

    /// <summary>A node file from hocon/ read as a node reads it, with <paramref name="environment"/> in place of the process's.</summary>
    private static Config NodeFile(string name, Func<string, string?> environment) =>
        ConfigurationFactory.ParseString(EnvironmentSubstitution.Resolve(File.ReadAllText(RepositoryFiles.Hocon(name)), environment, name))
            .WithFallback(WasmActorsConfig.Reference);

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData("include \"self.conf\"\n", "deeper than")]
    [InlineData("include \"missing.conf\"\n", "does not exist")]
    [InlineData("{{{ ]]] = =", "self.conf")]
    public void Malformed_files_and_includes_are_a_configuration_error_that_names_the_problem(string text, string expected)
    {
        var file = Write("self.conf", text);
        var e = Assert.Throws<ConfigurationException>(() => WasmActorsConfig.FromFile(file));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
