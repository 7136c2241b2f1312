using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>Table and segment instructions. Every range is checked before anything is written, as the spec requires.</summary>
internal static class BulkOps
{
    public static void MemoryInit(MemoryInstance memory, DataInstance data, uint destination, uint source, uint count)
    {
        var bytes = data.Bytes;
        if ((ulong)source + count > (ulong)bytes.Length)
        {
            Numerics.Trap(TrapMessages.OutOfBoundsMemory);
        }

        // Write checks the destination range before writing anything.
        memory.Write(destination, bytes.AsSpan((int)source, (int)count));
    }

    public static ulong TableGet(TableInstance table, uint index)
    {
        var elements = table.Elements;
        if (index >= (uint)elements.Length)
        {
            Numerics.Trap(TrapMessages.OutOfBoundsTable);
        }

        return elements[index];
    }

    public static void TableSet(TableInstance table, uint index, ulong value)
    {
        var elements = table.Elements;
        if (index >= (uint)elements.Length)
        {
            Numerics.Trap(TrapMessages.OutOfBoundsTable);
        }

        elements[index] = value;
    }

    public static void TableFill(TableInstance table, uint index, ulong value, uint count)
    {
        var elements = table.Elements;
        if ((ulong)index + count > (ulong)elements.Length)
        {
            Numerics.Trap(TrapMessages.OutOfBoundsTable);
        }

        elements.AsSpan((int)index, (int)count).Fill(value);
    }

    public static void TableCopy(TableInstance destinationTable, TableInstance sourceTable, uint destination, uint source, uint count)
    {
        var to = destinationTable.Elements;
        var from = sourceTable.Elements;
        if ((ulong)destination + count > (ulong)to.Length || (ulong)source + count > (ulong)from.Length)
        {
            Numerics.Trap(TrapMessages.OutOfBoundsTable);
        }

        // Span copies have memmove semantics, which overlapping copies within one table need.
        from.AsSpan((int)source, (int)count).CopyTo(to.AsSpan((int)destination, (int)count));
    }

    public static void TableInit(TableInstance table, ElementInstance element, uint destination, uint source, uint count)
    {
        var to = table.Elements;
        var from = element.Elements;
        if ((ulong)destination + count > (ulong)to.Length || (ulong)source + count > (ulong)from.Length)
        {
            Numerics.Trap(TrapMessages.OutOfBoundsTable);
        }

        from.AsSpan((int)source, (int)count).CopyTo(to.AsSpan((int)destination, (int)count));
    }
}
