using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Validation;
using static WasmActors.Wasm.Tests.Binary.WasmBytes;

namespace WasmActors.Wasm.Tests.Validation;

/// <summary>
/// ADR-023: with <see cref="ModuleValidator.ValidateExceptBodies"/>, a body is validated when it is first compiled,
/// and an invalid one throws from the call that reaches it the error <see cref="ModuleValidator.Validate"/> throws.
/// </summary>
public sealed class LazyBodyValidationTests
{
    private const byte End = 0x0B;

    // Function 0 returns 7; function 1 adds an i64 to an i32; both exported.
    private static readonly byte[] OneInvalidBody = Module(
        Section(1, Vec(FuncType([], [0x7F]))),
        Section(3, Vec([0x00], [0x00])),
        Section(7, Vec([.. Name("valid"), 0x00, 0x00], [.. Name("invalid"), 0x00, 0x01])),
        Section(10, Vec(Body([0x41, 0x07, End]), Body([0x41, 0x01, 0x42, 0x02, 0x6A, End]))));

    [Fact]
    public void AnInvalidBodyThrowsFromItsFirstCallWhatFullValidationThrows()
    {
        var expected = Assert.Throws<WasmValidationException>(() => ModuleValidator.Validate(ModuleLoader.Load(OneInvalidBody)));

        var module = ModuleLoader.Load(OneInvalidBody);
        ModuleValidator.ValidateExceptBodies(module);
        var store = new Store();
        var instance = Instantiator.Instantiate(store, module, new Linker());
        Assert.Equal([7UL], Executor.Invoke(store, instance.Exports["valid"] as FunctionInstance ?? throw new InvalidOperationException(), []));

        var invalid = (FunctionInstance)instance.Exports["invalid"];
        for (var call = 0; call < 2; call++)
        {
            var error = Assert.Throws<WasmValidationException>(() => Executor.Invoke(store, invalid, []));
            Assert.Equal(expected.Message, error.Message);
            Assert.Equal((expected.Reason, expected.FunctionIndex, expected.Offset), (error.Reason, error.FunctionIndex, error.Offset));
        }
    }

    [Fact]
    public void DeclarationsAreValidatedBeforeAnyBody()
    {
        // An export of an unknown function is found without looking at the (also invalid) body.
        var bytes = Module(
            Section(1, Vec(FuncType([], []))),
            Section(3, Vec([0x00])),
            Section(7, Vec([.. Name("f"), 0x00, 0x05])),
            Section(10, Vec(Body([0x6A, End]))));

        var expected = Assert.Throws<WasmValidationException>(() => ModuleValidator.Validate(ModuleLoader.Load(bytes)));
        var error = Assert.Throws<WasmValidationException>(() => ModuleValidator.ValidateExceptBodies(ModuleLoader.Load(bytes)));
        Assert.Equal("type mismatch", expected.Reason);
        Assert.Equal("unknown function 5", error.Reason);
    }

    [Fact]
    public void AModuleNobodyValidatedIsValidatedBeforeItsFirstBodyRuns()
    {
        var module = ModuleLoader.Load(OneInvalidBody);
        var store = new Store();
        var instance = Instantiator.Instantiate(store, module, new Linker());

        Assert.Equal([7UL], Executor.Invoke(store, (FunctionInstance)instance.Exports["valid"], []));
        Assert.Equal("type mismatch", Assert.Throws<WasmValidationException>(() => Executor.Invoke(store, (FunctionInstance)instance.Exports["invalid"], [])).Reason);
    }

    [Fact]
    public void FullValidationStillRejectsABodyThatWasNeverCalled()
    {
        var module = ModuleLoader.Load(OneInvalidBody);
        ModuleValidator.ValidateExceptBodies(module);
        Assert.Equal("type mismatch", Assert.Throws<WasmValidationException>(() => ModuleValidator.Validate(module)).Reason);
    }
}
