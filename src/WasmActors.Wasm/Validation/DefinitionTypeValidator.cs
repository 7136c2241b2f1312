using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

/// <summary>Checks the types of tables, memories and globals, whether imported or defined.</summary>
internal static class DefinitionTypeValidator
{
    /// <summary>Wasm32 memories hold at most 2^16 pages of 64 KiB.</summary>
    private const uint MaxMemoryPages = 65536;

    public static void Validate(Module module, ModuleContext context)
    {
        foreach (var import in module.Imports)
        {
            switch (import.Descriptor)
            {
                case TableImport t:
                    ValidateTable(t.Type);
                    break;
                case MemoryImport m:
                    ValidateMemory(m.Type);
                    break;
                case GlobalImport g:
                    ValidateValueType(g.Type.Type);
                    break;
            }
        }

        foreach (var table in module.Tables)
        {
            ValidateTable(table);
        }

        foreach (var memory in module.Memories)
        {
            ValidateMemory(memory);
        }

        if (context.MemoryCount > 1)
        {
            throw new WasmValidationException(ValidationMessages.MultipleMemories);
        }
    }

    public static void ValidateTable(TableType table)
    {
        if (!table.ElementType.IsReference())
        {
            throw new WasmValidationException(ValidationMessages.InvalidReferenceType);
        }

        // A table's size range is all of u32, so only the ordering of the bounds can be wrong.
        ValidateOrder(table.Limits);
    }

    public static void ValidateMemory(MemoryType memory)
    {
        var limits = memory.Limits;
        if (limits.Min > MaxMemoryPages || limits.Max > MaxMemoryPages)
        {
            throw new WasmValidationException(ValidationMessages.MemorySizeTooLarge);
        }

        ValidateOrder(limits);
    }

    public static void ValidateValueType(ValType type)
    {
        if (!Enum.IsDefined(type))
        {
            throw new WasmValidationException(ValidationMessages.InvalidValueType);
        }
    }

    private static void ValidateOrder(Limits limits)
    {
        if (limits.Max is uint max && limits.Min > max)
        {
            throw new WasmValidationException(ValidationMessages.SizeMinimumGreaterThanMaximum);
        }
    }
}
