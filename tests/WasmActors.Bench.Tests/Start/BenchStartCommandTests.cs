using System.Diagnostics;
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
    public async Task EachModuleIsMeasuredInANewProcess()
    {
        // The built command as a real process; it starts one more of itself for the module.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "wasmactors-bench.dll"), "start", "--synthesized-mb", "2"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("wasmactors-bench start did not finish within 3 minutes");
        }

        Assert.Equal("", await error);
        Assert.Equal(0, process.ExitCode);
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time to first instruction, each module in a new process", lines[0]);
        Assert.Matches(@"^synthesized-2mb\s+2\.\d(\s+\d+){7}\s*$", lines[2]);
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
