namespace WasmActors.Wasm.Binary;

/// <summary>Section ids of the Wasm 2.0 binary format.</summary>
internal enum SectionId : byte
{
    Custom = 0,
    Type = 1,
    Import = 2,
    Function = 3,
    Table = 4,
    Memory = 5,
    Global = 6,
    Export = 7,
    Start = 8,
    Element = 9,
    Code = 10,
    Data = 11,
    DataCount = 12,
}

internal static class SectionIds
{
    public const byte Last = (byte)SectionId.DataCount;

    /// <summary>
    /// Position of a non-custom section in the required order. Ids follow that order except data count,
    /// which was added later with id 12 but sits between element and code.
    /// </summary>
    public static int OrderRank(this SectionId id) => id switch
    {
        SectionId.DataCount => (int)SectionId.Element + 1,
        SectionId.Code or SectionId.Data => (int)id + 1,
        _ => (int)id,
    };
}
