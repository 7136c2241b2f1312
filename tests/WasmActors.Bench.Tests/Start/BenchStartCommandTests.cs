using WasmActors.Bench.Commands;
using WasmActors.Bench.Start;
using WasmActors.Wasm;
using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Validation;

namespace WasmActors.Bench.Tests.Start;

/// <summary><c>wasmactors-bench start</c> and the large synthesized module it starts, valid or invalid in its last body.</summary>
public sealed class BenchStartCommandTests
{
    private const long Size = 3_000_000;

    [Fact]
    public void InProcessRunPrintsARowForTheSynthesizedModule()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = BenchCommand.Run(["start", "--in-process", "--synthesized-mb", "3"], output, error);

        Assert.Equal("", error.ToString());
        Assert.Equal(0, code);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(StartTiming.Header, lines[1]);
        Assert.Matches(@"^synthesized-3mb\s+3\.\d(\s+\d+){7}\s*$", lines[2]);
    }

    [Fact]
    public void AMissingModuleIsStatusTwo()
    {
        var error = new StringWriter();
        Assert.Equal(2, BenchCommand.Run(["start", "--module", "/nonexistent/x.wasm"], new StringWriter(), error));
        Assert.Contains("/nonexistent/x.wasm: no such file", error.ToString());
    }

    [Fact]
    public void TheSynthesizedModuleIsDeterministicValidAndOfTheAskedSize()
    {
        var bytes = SyntheticModule.Build(Size);
        Assert.Equal(bytes, SyntheticModule.Build(Size));
        Assert.InRange(bytes.Length, Size, Size + 10_000);

        var module = ModuleLoader.Load(bytes);
        ModuleValidator.Validate(module);
        Assert.True(module.Functions.Count > 500);
    }

    [Fact]
    public void AnInvalidLastBodyGivesTheSameErrorWhetherValidatedAtLoadOrAtItsFirstCall()
    {
        var bytes = SyntheticModule.Build(Size, invalidLastBody: true);
        var atLoad = Assert.Throws<WasmValidationException>(() => ModuleValidator.Validate(ModuleLoader.Load((ReadOnlySpan<byte>)bytes)));
        Assert.Equal(SyntheticModule.InvalidBodyMessage, atLoad.Reason);

        // Declarations only: the module instantiates and its entry point runs, as it never calls the last function.
        var module = ModuleLoader.Load(bytes);
        ModuleValidator.ValidateExceptBodies(module);
        var store = new Store();
        var instance = Instantiator.Instantiate(store, module, new Linker());
        Executor.Invoke(store, (FunctionInstance)instance.Exports["_start"], []);

        var atCall = Assert.Throws<WasmValidationException>(() => Executor.Invoke(store, instance.Functions[^1], [1]));
        Assert.Equal(atLoad.Message, atCall.Message);
        Assert.Equal((atLoad.FunctionIndex, atLoad.Offset), (atCall.FunctionIndex, atCall.Offset));
        Assert.Equal(atLoad.FunctionIndex, instance.Functions.Length - 1);
    }
}
