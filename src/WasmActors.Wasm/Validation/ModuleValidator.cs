using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

/// <summary>Checks a decoded module against the spec's validation rules.</summary>
public static class ModuleValidator
{
    /// <summary>Throws <see cref="WasmValidationException"/> if <paramref name="module"/> is invalid.</summary>
    public static void Validate(Module module) => throw new NotImplementedException();
}
