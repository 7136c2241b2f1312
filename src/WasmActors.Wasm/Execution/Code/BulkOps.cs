using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// Table and segment instructions. Every range is checked before anything is written, as the spec requires. Tables
/// are read through <see cref="TableInstance.ResidentElements"/>: a pseudo-initialised table (a copy-on-write
/// restore) is empty there, so only a failed bounds check has to resolve its fault reference and look again.
/// </summary>
internal static class BulkOps
{
    public static void MemoryInit(MemoryInstance memory, DataInstance data, uint destination, uint source, uint count)
    {
        if ((ulong)source + count > (ulong)data.Length)
        {
            Numerics.Trap(TrapMessages.OutOfBoundsMemory);
        }

        // Write checks the destination range before writing anything. Read fetches only the pieces of a
        // pseudo-initialised segment (copy-on-write restore) that the range spans.
        memory.Write(destination, data.Read((int)source, (int)count));
    }

    public static ulong TableGet(TableInstance table, uint index)
    {
        var elements = table.ResidentElements;
        if (index >= (uint)elements.Length && index >= (uint)(elements = table.Materialise()).Length)
        {
            Numerics.Trap(TrapMessages.OutOfBoundsTable);
        }

        return elements[index];
    }

    public static void TableSet(TableInstance table, uint index, ulong value)
    {
        var elements = table.ResidentElements;
        if (index >= (uint)elements.Length && index >= (uint)(elements = table.Materialise()).Length)
        {
            Numerics.Trap(TrapMessages.OutOfBoundsTable);
        }

        elements[index] = value;
    }

    public static void TableFill(TableInstance table, uint index, ulong value, uint count)
    {
        var elements = table.ResidentElements;
        if ((ulong)index + count > (ulong)elements.Length && (ulong)index + count > (ulong)(elements = table.Materialise()).Length)
        {
            Numerics.Trap(TrapMessages.OutOfBoundsTable);
        }

        elements.AsSpan((int)index, (int)count).Fill(value);
    }

    public static void TableCopy(TableInstance destinationTable, TableInstance sourceTable, uint destination, uint source, uint count)
    {
        var to = destinationTable.ResidentElements;
        var from = sourceTable.ResidentElements;
        if (((ulong)destination + count > (ulong)to.Length || (ulong)source + count > (ulong)from.Length)
            && ((ulong)destination + count > (ulong)(to = destinationTable.Materialise()).Length || (ulong)source + count > (ulong)(from = sourceTable.Materialise()).Length))
        {
            Numerics.Trap(TrapMessages.OutOfBoundsTable);
        }

        // Span copies have memmove semantics, which overlapping copies within one table need.
        from.AsSpan((int)source, (int)count).CopyTo(to.AsSpan((int)destination, (int)count));
    }

    public static void TableInit(TableInstance table, ElementInstance element, uint destination, uint source, uint count)
    {
        var to = table.ResidentElements;
        if (((ulong)destination + count > (ulong)to.Length && (ulong)destination + count > (ulong)(to = table.Materialise()).Length)
            || (ulong)source + count > (ulong)element.Length)
        {
            Numerics.Trap(TrapMessages.OutOfBoundsTable);
        }

        // Read fetches only the pieces of a pseudo-initialised segment that the range spans.
        element.Read((int)source, (int)count).CopyTo(to.AsSpan((int)destination, (int)count));
    }
}
