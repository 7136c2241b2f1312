using WasmActors.Wasm.Model;
using WasmActors.Wasm.Validation;
using static WasmActors.Wasm.Tests.Validation.TestModules;

namespace WasmActors.Wasm.Tests.Validation;

public class ValidationLimitsTests
{
    [Fact]
    public void FunctionTypesMayHaveAThousandParametersAndResults()
    {
        var module = new Module();
        module.Types.Add(Type(Enumerable.Repeat(ValType.I32, 1000).ToArray(), Enumerable.Repeat(ValType.I64, 1000).ToArray()));

        ModuleValidator.Validate(module);
    }

    [Fact]
    public void RejectsFunctionTypesOverTheArityLimit()
    {
        var parameters = new Module();
        parameters.Types.Add(Type(Enumerable.Repeat(ValType.I32, 1001).ToArray(), []));
        Assert.Equal("function type has too many parameters (limit 1000)", Invalid(parameters).Reason);

        var results = new Module();
        results.Types.Add(Type([], Enumerable.Repeat(ValType.I32, 1001).ToArray()));
        Assert.Equal("function type has too many results (limit 1000)", Invalid(results).Reason);
    }

    [Fact]
    public void OperandStackHeightIsBounded()
    {
        const int limit = 100;
        var push = new Instruction(Opcode.I32Const);
        var drop = Op(Opcode.Drop);

        var atLimit = WithFunction(EmptyType, [.. Enumerable.Repeat(push, limit), .. Enumerable.Repeat(drop, limit)]);
        Validator(atLimit, limit).Validate(0, atLimit.Functions[0]);

        var overLimit = WithFunction(EmptyType, [.. Enumerable.Repeat(push, limit + 1), .. Enumerable.Repeat(drop, limit + 1)]);
        var error = Assert.Throws<WasmValidationException>(() => Validator(overLimit, limit).Validate(0, overLimit.Functions[0]));
        Assert.Equal("operand stack too deep (limit 100)", error.Reason);
        Assert.Equal(FirstOffset + limit, error.Offset);
    }

    private static FunctionBodyValidator Validator(Module module, int maxOperandStackHeight) =>
        new(ModuleContext.Build(module), maxOperandStackHeight);
}
