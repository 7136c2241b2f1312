using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

/// <summary>Checks the export section (known indices, unique names) and the start function.</summary>
internal static class ExportValidator
{
    public static void ValidateExports(Module module, ModuleContext context)
    {
        var names = new HashSet<string>(module.Exports.Count, StringComparer.Ordinal);
        foreach (var export in module.Exports)
        {
            var index = export.Index;
            var known = export.Kind switch
            {
                ExternalKind.Function => index < (uint)context.FunctionTypes.Length,
                ExternalKind.Table => index < (uint)context.Tables.Length,
                ExternalKind.Memory => index < (uint)context.MemoryCount,
                ExternalKind.Global => index < (uint)context.Globals.Length,
                _ => false,
            };
            if (!known)
            {
                throw new WasmValidationException(export.Kind switch
                {
                    ExternalKind.Function => ValidationMessages.UnknownFunction(index),
                    ExternalKind.Table => ValidationMessages.UnknownTable(index),
                    ExternalKind.Memory => ValidationMessages.UnknownMemory(index),
                    ExternalKind.Global => ValidationMessages.UnknownGlobal(index),
                    _ => $"unknown export kind {(byte)export.Kind}",
                });
            }

            if (!names.Add(export.Name))
            {
                throw new WasmValidationException(ValidationMessages.DuplicateExportName(export.Name));
            }
        }
    }

    /// <summary>Exported functions count as declared for ref.func (the spec's C.refs).</summary>
    public static void DeclareExportedFunctions(Module module, bool[] declared)
    {
        foreach (var export in module.Exports)
        {
            if (export.Kind == ExternalKind.Function && export.Index < (uint)declared.Length)
            {
                declared[export.Index] = true;
            }
        }
    }

    public static void ValidateStart(Module module, ModuleContext context)
    {
        if (module.Start is not uint start)
        {
            return;
        }

        if (start >= (uint)context.FunctionTypes.Length)
        {
            throw new WasmValidationException(ValidationMessages.UnknownFunction(start));
        }

        var type = context.FunctionTypes[start];
        if (type.Parameters.Length != 0 || type.Results.Length != 0)
        {
            throw new WasmValidationException(ValidationMessages.StartFunction, (int)start);
        }
    }
}
