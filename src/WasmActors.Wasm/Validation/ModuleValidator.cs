using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

/// <summary>Checks a decoded module against the spec's validation rules (Wasm 2.0 without SIMD instructions).</summary>
public static class ModuleValidator
{
    /// <summary>Throws <see cref="WasmValidationException"/> if <paramref name="module"/> is invalid.</summary>
    public static void Validate(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);

        TypeSectionValidator.Validate(module);

        // Imports and functions naming unknown types are rejected while the index spaces are built.
        var context = ModuleContext.Build(module);
        DefinitionTypeValidator.Validate(module, context);
        DeclareFunctionReferences(module, context.DeclaredFunctions);

        foreach (var global in module.Globals)
        {
            ConstExprValidator.Validate(global.Init, global.Type.Type, context);
        }

        var bodies = new FunctionBodyValidator(context);
        for (var i = 0; i < module.Functions.Count; i++)
        {
            bodies.Validate(context.ImportedFunctionCount + i, module.Functions[i]);
        }

        SegmentValidator.ValidateElements(module, context);
        SegmentValidator.ValidateDatas(module, context);
        ExportValidator.ValidateStart(module, context);
        ExportValidator.ValidateExports(module, context);
    }

    /// <summary>
    /// Collects the spec's C.refs: every function named anywhere in the module outside function bodies and the
    /// start section. ref.func in a body may only name these, so that an engine knows up front which functions
    /// can become references.
    /// </summary>
    private static void DeclareFunctionReferences(Module module, bool[] declared)
    {
        foreach (var global in module.Globals)
        {
            ConstExprValidator.DeclareReferencedFunctions(global.Init, declared);
        }

        foreach (var segment in module.Elements)
        {
            ConstExprValidator.DeclareReferencedFunctions(segment.Offset, declared);
            foreach (var item in segment.Items)
            {
                ConstExprValidator.DeclareReferencedFunctions(item, declared);
            }
        }

        foreach (var segment in module.Datas)
        {
            ConstExprValidator.DeclareReferencedFunctions(segment.Offset, declared);
        }

        ExportValidator.DeclareExportedFunctions(module, declared);
    }
}
