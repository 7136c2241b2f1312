using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

/// <summary>Checks the function types of the type section.</summary>
internal static class TypeSectionValidator
{
    public static void Validate(Module module)
    {
        foreach (var type in module.Types)
        {
            if (type.Parameters.Length > ValidationLimits.MaxTypeArity)
            {
                throw new WasmValidationException(ValidationLimits.TooManyParameters);
            }

            if (type.Results.Length > ValidationLimits.MaxTypeArity)
            {
                throw new WasmValidationException(ValidationLimits.TooManyResults);
            }

            foreach (var parameter in type.Parameters)
            {
                DefinitionTypeValidator.ValidateValueType(parameter);
            }

            foreach (var result in type.Results)
            {
                DefinitionTypeValidator.ValidateValueType(result);
            }
        }
    }
}
