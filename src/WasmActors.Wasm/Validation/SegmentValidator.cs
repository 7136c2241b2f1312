using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

/// <summary>Checks element and data segments: their items, their target table or memory, and their offsets.</summary>
internal static class SegmentValidator
{
    public static void ValidateElements(Module module, ModuleContext context)
    {
        foreach (var segment in module.Elements)
        {
            if (!segment.ElementType.IsReference())
            {
                throw new WasmValidationException(ValidationMessages.InvalidReferenceType);
            }

            foreach (var item in segment.Items)
            {
                ConstExprValidator.Validate(item, segment.ElementType, context);
            }

            if (segment.Mode != SegmentMode.Active)
            {
                continue;
            }

            if (segment.TableIndex >= (uint)context.Tables.Length)
            {
                throw new WasmValidationException(ValidationMessages.UnknownTable(segment.TableIndex));
            }

            if (context.Tables[segment.TableIndex].ElementType != segment.ElementType)
            {
                throw new WasmValidationException(ValidationMessages.TypeMismatch);
            }

            ValidateOffset(segment.Offset, context);
        }
    }

    public static void ValidateDatas(Module module, ModuleContext context)
    {
        foreach (var segment in module.Datas)
        {
            if (segment.Mode != SegmentMode.Active)
            {
                continue;
            }

            if (segment.MemoryIndex >= (uint)context.MemoryCount)
            {
                throw new WasmValidationException(ValidationMessages.UnknownMemory(segment.MemoryIndex));
            }

            ValidateOffset(segment.Offset, context);
        }
    }

    private static void ValidateOffset(ConstExpr? offset, ModuleContext context)
    {
        if (offset is null)
        {
            throw new WasmValidationException(ValidationMessages.ConstantExpressionRequired);
        }

        ConstExprValidator.Validate(offset, ValType.I32, context);
    }
}
