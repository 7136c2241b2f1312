using System.Runtime.CompilerServices;
using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

/// <summary>
/// Checks a decoded module against the spec's validation rules (Wasm 2.0). <see cref="Validate"/> checks everything;
/// <see cref="ValidateExceptBodies"/> leaves the function bodies to be checked one by one when each is first compiled
/// (<see cref="EnsureBodyValid"/>), with the same errors, so that a large module starts without checking code it may
/// never run (ADR-023).
/// </summary>
public static class ModuleValidator
{
    // The context of every module whose declarations passed, for the bodies checked later.
    private static readonly ConditionalWeakTable<Module, ModuleContext> Contexts = [];

    /// <summary>Throws <see cref="WasmValidationException"/> if <paramref name="module"/> is invalid.</summary>
    public static void Validate(Module module)
    {
        var context = ValidateDeclarations(module);
        var bodies = new FunctionBodyValidator(context);
        for (var i = 0; i < module.Functions.Count; i++)
        {
            ValidateBody(bodies, context.ImportedFunctionCount + i, module.Functions[i]);
        }

        ValidateSegmentsAndExports(module, context);
        Contexts.AddOrUpdate(module, context);
    }

    /// <summary>
    /// Throws <see cref="WasmValidationException"/> if anything in <paramref name="module"/> but its function bodies is
    /// invalid. Each body is validated before it is first compiled, that is before its first instruction runs: an
    /// invalid body then throws the error <see cref="Validate"/> would have thrown for it, from the call that reached it.
    /// </summary>
    public static void ValidateExceptBodies(Module module) => Contexts.AddOrUpdate(module, PrepareBodies(module));

    /// <summary>
    /// Throws <see cref="WasmValidationException"/> unless the body of the defined function <paramref name="index"/>
    /// (in the function index space) is valid, validating the module's declarations first if no one has.
    /// </summary>
    internal static void EnsureBodyValid(Module module, int index, FunctionBody body)
    {
        if (!body.Validated)
        {
            ValidateBody(new FunctionBodyValidator(Contexts.GetValue(module, PrepareBodies)), index, body);
        }
    }

    private static ModuleContext PrepareBodies(Module module)
    {
        var context = ValidateDeclarations(module);
        ValidateSegmentsAndExports(module, context);
        return context;
    }

    private static void ValidateBody(FunctionBodyValidator validator, int index, FunctionBody body)
    {
        validator.Validate(index, body);
        body.Validated = true;
    }

    /// <summary>What the function bodies are checked against: types, index spaces, declared references, globals.</summary>
    private static ModuleContext ValidateDeclarations(Module module)
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

        return context;
    }

    private static void ValidateSegmentsAndExports(Module module, ModuleContext context)
    {
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
