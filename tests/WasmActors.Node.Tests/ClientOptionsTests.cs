using WasmActors.Node.Commands;

namespace WasmActors.Node.Tests;

/// <summary>Where a client command's configuration and seed come from, and which commands take --json; no cluster needed.</summary>
public sealed class ClientOptionsTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("wasmactors-client-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Theory]
    [InlineData("127.0.0.1:4053", "akka.tcp://wasmactors@127.0.0.1:4053")]
    [InlineData("node-a.example:14053", "akka.tcp://wasmactors@node-a.example:14053")]
    [InlineData("akka.ssl.tcp://wasmactors@10.0.0.5:4053", "akka.ssl.tcp://wasmactors@10.0.0.5:4053")]
    public void ASeedIsHostAndPortOrAnAkkaAddress(string given, string expected) =>
        Assert.Equal(expected, ClientOptions.SeedAddress(given));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:port")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("akka.tcp://127.0.0.1:4053")]
    public void AMalformedSeedIsRefusedWithTheExpectedForm(string given)
    {
        var refused = Assert.Throws<FormatException>(() => ClientOptions.SeedAddress(given));
        Assert.Contains(given, refused.Message, StringComparison.Ordinal);
        Assert.Contains("akka.tcp://wasmactors@127.0.0.1:4053", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsWinOverTheEnvironment()
    {
        var environment = Environment(("WASMACTORS_SEED", "10.0.0.1:4053"), ("WASMACTORS_CONFIG", "env.conf"));
        Assert.Equal(("given.conf", "akka.tcp://wasmactors@10.0.0.2:4053"), ClientOptions.Resolve("given.conf", "10.0.0.2:4053", environment));
    }

    [Fact]
    public void TheEnvironmentWinsOverTheContextFile()
    {
        var context = WriteContextFile();
        var environment = Environment(("WASMACTORS_SEED", "10.0.0.1:4053"), ("WASMACTORS_CONFIG", "env.conf"), ("XDG_CONFIG_HOME", _scratch));
        Assert.Equal(("env.conf", "akka.tcp://wasmactors@10.0.0.1:4053"), ClientOptions.Resolve(null, null, environment));
        Assert.Equal(context, ClientOptions.Resolve(null, null, Environment(("XDG_CONFIG_HOME", _scratch))).File);
    }

    [Fact]
    public void TheContextFileUnderHomeIsUsedOnlyWhenItExists()
    {
        var home = Environment(("HOME", _scratch));
        Assert.Equal((null, null), ClientOptions.Resolve(null, null, home));
        Directory.CreateDirectory(Path.Combine(_scratch, ".config", "wasmactors"));
        var file = Path.Combine(_scratch, ".config", "wasmactors", "client.conf");
        File.WriteAllText(file, "");
        Assert.Equal(file, ClientOptions.Resolve(null, null, home).File);
    }

    [Theory]
    [InlineData("ls")]
    [InlineData("stats")]
    [InlineData("fork", "s-1")]
    [InlineData("migrate", "i-1", "--to", "run-2")]
    [InlineData("deploy", "prog.wasm")]
    public void ClientCommandsThatAnswerWithDataTakeJson(params string[] command)
    {
        var parsed = CommandLine.Build().Parse([.. command, "--json", "--seed", "127.0.0.1:4053", "--config", "client.conf"]);
        Assert.Empty(parsed.Errors);
    }

    [Fact]
    public void ABadSeedIsAUsageErrorBeforeAnyConnection()
    {
        var error = new StringWriter();
        var code = CommandLine.Run(["ls", "--seed", "localhost"], new StringWriter(), error);
        Assert.Equal(CommandLine.UsageExitCode, code);
        Assert.StartsWith("wasmactors: seed localhost is neither HOST:PORT", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ANodeTakesItsSeedInTheClientsFormAndRefusesABadOneInOneLine()
    {
        var hocon = Path.Combine(_scratch, "node.conf");
        File.WriteAllText(hocon, "");
        var error = new StringWriter();
        var code = CommandLine.Run(["node", "--config", hocon, "--seed", "localhost"], new StringWriter(), error);
        Assert.Equal(2, code);
        Assert.Equal("wasmactors node: seed localhost is neither HOST:PORT nor an Akka address such as akka.tcp://wasmactors@127.0.0.1:4053", error.ToString().Trim());
    }

    private string WriteContextFile()
    {
        Directory.CreateDirectory(Path.Combine(_scratch, "wasmactors"));
        var file = Path.Combine(_scratch, "wasmactors", "client.conf");
        File.WriteAllText(file, "");
        return file;
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
