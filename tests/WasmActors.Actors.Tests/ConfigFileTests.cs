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
