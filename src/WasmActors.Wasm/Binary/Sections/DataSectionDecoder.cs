using System.Runtime.CompilerServices;
using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Binary.Sections;

/// <summary>
/// Section 11: data segments. Flags 0: active in memory 0; 1: passive; 2: active with an explicit memory index.
/// </summary>
internal static class DataSectionDecoder
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decode(ref WasmReader reader, DecodeContext context)
    {
        int count = reader.ReadLength();
        var datas = context.Module.Datas;
        datas.Capacity = count;
        for (int i = 0; i < count; i++)
        {
            datas.Add(ReadSegment(ref reader, context));
        }
    }

    private static DataSegment ReadSegment(ref WasmReader reader, DecodeContext context)
    {
        int at = reader.Offset;
        uint flags = reader.ReadU32();
        switch (flags)
        {
            case 0:
                {
                    var offset = new ConstExpr(InstructionDecoder.Decode(ref reader, context));
                    return new DataSegment(SegmentMode.Active, 0, offset, ReadBytes(ref reader, context));
                }

            case 1:
                return new DataSegment(SegmentMode.Passive, 0, null, ReadBytes(ref reader, context));

            case 2:
                {
                    uint memory = reader.ReadU32();
                    var offset = new ConstExpr(InstructionDecoder.Decode(ref reader, context));
                    return new DataSegment(SegmentMode.Active, memory, offset, ReadBytes(ref reader, context));
                }

            default:
                WasmReader.Fail(MalformedMessages.MalformedDataSegmentKind, at);
                return null;
        }
    }

    /// <summary>The segment's bytes: a slice of the module's when the loader keeps them, else a copy.</summary>
    private static ReadOnlyMemory<byte> ReadBytes(ref WasmReader reader, DecodeContext context)
    {
        var bytes = reader.ReadByteVector();
        return context.Bytes is { } kept ? kept.Slice(reader.Offset - bytes.Length, bytes.Length) : bytes.ToArray();
    }
}
