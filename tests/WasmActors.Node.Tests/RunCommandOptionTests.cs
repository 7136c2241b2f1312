using WasmActors.Node.Commands;
using WasmActors.Node.Run;

namespace WasmActors.Node.Tests;

/// <summary><c>wasmactors run</c> options and failure paths, in-process: one clear line and status 2 when nothing can run.</summary>
public sealed class RunCommandOptionTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("wasmactors-run-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void MissingFileIsOneLineAndStatusTwo()
    {
        var (code, stdout, stderr) = Run("run", Path.Combine(_scratch, "absent.wasm"));
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"wasmactors run: {Path.Combine(_scratch, "absent.wasm")}: no such file", stderr.TrimEnd('\n'));
    }

    [Fact]
    public void UnsupportedImportIsOneLineAndStatusTwo()
    {
        var (code, _, stderr) = Run("run", Write("import.wasm", TinyModules.UnknownImport()));
        Assert.Equal(2, code);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("unsupported import", stderr);
        Assert.Contains("missing", stderr);
    }

    [Fact]
    public void MalformedModuleIsOneLineAndStatusTwo()
    {
        var (code, _, stderr) = Run("run", Write("junk.wasm", [0x00, 0x61, 0x73, 0x6D, 0x02]));
        Assert.Equal(2, code);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("not a valid WebAssembly module", stderr);
    }

    [Fact]
    public void InvalidBodyIsOneLineAndStatusTwoWhenFirstCalled()
    {
        // Bodies are validated when first called (ADR-023): the error is the one a full validation reports.
        var (code, _, stderr) = Run("run", Write("invalid.wasm", TinyModules.StartCallsAnInvalidBody()));
        Assert.Equal(2, code);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("invalid WebAssembly module: type mismatch", stderr);
    }

    [Theory]
    [InlineData("--max-memory", "lots")]
    [InlineData("--dir", "/definitely/not/a/directory")]
    [InlineData("--env", "=value")]
    public void BadOptionValueIsOneLineAndStatusTwo(string option, string value)
    {
        var (code, _, stderr) = Run("run", option, value, Write("m.wasm", TinyModules.ExportsWithConstants()));
        Assert.Equal(2, code);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"wasmactors run: {option}", stderr);
    }

    [Fact]
    public void UnknownOptionIsStatusTwo()
    {
        var (code, _, stderr) = Run("run", "--no-such-option", Write("m.wasm", TinyModules.ExportsWithConstants()));
        Assert.Equal(2, code);
        Assert.NotEqual("", stderr);
    }

    [Fact]
    public void InvokePrintsResultsAsWasmtime()
    {
        var module = Write("m.wasm", TinyModules.ExportsWithConstants());
        var (code, stdout, stderr) = Run("run", "--invoke", "add", module, "--", "40", "-2");
        Assert.Equal(0, code);
        Assert.Equal("38\n", stdout);
        Assert.Contains("warning: using `--invoke` with a function that takes arguments is experimental", stderr);

        (code, stdout, _) = Run("run", "--invoke", "values", module);
        Assert.Equal(0, code);
        Assert.Equal("1000000000000000000000\n0.1\n-5\n", stdout);
    }

    [Fact]
    public void InvokeWithBadArgumentsIsStatusTwo()
    {
        var module = Write("m.wasm", TinyModules.ExportsWithConstants());
        Assert.Equal(2, Run("run", "--invoke", "add", module, "--", "1").Code);
        Assert.Equal(2, Run("run", "--invoke", "add", module, "--", "one", "2").Code);
        Assert.Equal(2, Run("run", "--invoke", "nothing", module).Code);
    }

    [Fact]
    public void FuelExhaustionTrapsWithWasmtimesMessage()
    {
        var (code, _, stderr) = Run("run", "--fuel", "1000", "--invoke", "spin", Write("m.wasm", TinyModules.ExportsWithConstants()));
        Assert.Equal(TrapReport.TrapExitCode, code);
        Assert.StartsWith("Error: failed to run main module `", stderr);
        Assert.Contains("0: failed to invoke `spin`", stderr);
        Assert.Contains("<unknown>!<wasm function 1>", stderr);
        Assert.EndsWith("wasm trap: all fuel consumed by WebAssembly\n", stderr);
    }

    [Fact]
    public void TrapInTheStartFunctionIsReportedAsInstantiation()
    {
        var module = Write("start.wasm", TinyModules.TrappingStart());
        var (code, stdout, stderr) = Run("run", module);
        Assert.Equal(TrapReport.TrapExitCode, code);
        Assert.Equal("", stdout);
        Assert.Contains($"    0: failed to instantiate \"{module}\"\n", stderr);
        Assert.EndsWith("wasm trap: wasm `unreachable` instruction executed\n", stderr);
    }

    [Fact]
    public void MaxMemoryBoundsMemoryGrow()
    {
        var module = Write("m.wasm", TinyModules.ExportsWithConstants());
        Assert.Equal("1\n", Run("run", "--max-memory", "128KiB", "--invoke", "grow", module, "--", "1").Stdout);
        Assert.Equal("-1\n", Run("run", "--max-memory", "128KiB", "--invoke", "grow", module, "--", "2").Stdout);
        Assert.Equal("1\n", Run("run", "--invoke", "grow", module, "--", "2").Stdout);
    }

    [Theory]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(1e-7, "0.0000001")]
    [InlineData(-0.0, "-0")]
    [InlineData(1.5, "1.5")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(123456.789, "123456.789")]
    public void FloatsPrintAsRustDisplays(double value, string expected) => Assert.Equal(expected, RustFloatText.Format(value));

    [Theory]
    [InlineData("65536", 1u)]
    [InlineData("64MiB", 1024u)]
    [InlineData("1G", 16384u)]
    [InlineData("640k", 10u)]
    [InlineData("8GiB", 65536u)]
    public void MemorySizesParse(string text, uint pages) => Assert.Equal(pages, MemorySize.ParsePages(text));

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_scratch, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CommandLine.Run(arguments, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
