using WasmActors.Wasm.Binary.Sections;
using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Binary;

/// <summary>
/// Decodes a WebAssembly binary into a <see cref="Module"/>: the header, then each section through its own
/// decoder, then the checks that span sections. Rejects only what the spec calls malformed; validation is a
/// separate step.
/// </summary>
public static class ModuleLoader
{
    private const uint Magic = 0x6D736100; // "\0asm"
    private const uint Version = 1;

    /// <summary>
    /// Decodes <paramref name="bytes"/>; throws <see cref="WasmLoadException"/> if they are malformed. The module keeps
    /// the array, not a copy (do not change it): function bodies are checked now and decoded on first use.
    /// </summary>
    public static Module Load(byte[] bytes, EngineConfig? config = null) => Load(bytes.AsMemory(), config);

    /// <inheritdoc cref="Load(byte[], EngineConfig?)"/>
    public static Module Load(ReadOnlyMemory<byte> bytes, EngineConfig? config = null) => Load(bytes.Span, config, bytes);

    /// <summary>Decodes <paramref name="bytes"/>, every function body included; throws <see cref="WasmLoadException"/> if they are malformed.</summary>
    public static Module Load(ReadOnlySpan<byte> bytes, EngineConfig? config = null) => Load(bytes, config, null);

    private static Module Load(ReadOnlySpan<byte> bytes, EngineConfig? config, ReadOnlyMemory<byte>? kept)
    {
        config ??= EngineConfig.Default;
        if (bytes.Length > config.MaxModuleBytes)
        {
            WasmReader.Fail(MalformedMessages.ModuleTooLarge, config.MaxModuleBytes);
        }

        var reader = new WasmReader(bytes);
        ReadHeader(ref reader);
        var context = new DecodeContext(config, bytes.Length, kept);
        ReadSections(ref reader, context);
        CheckAcrossSections(context);
        return context.Module;
    }

    private static void ReadHeader(ref WasmReader reader)
    {
        if (reader.ReadFixedU32() != Magic)
        {
            WasmReader.Fail(MalformedMessages.MagicHeader, 0);
        }

        if (reader.ReadFixedU32() != Version)
        {
            WasmReader.Fail(MalformedMessages.UnknownVersion, 4);
        }
    }

    private static void ReadSections(ref WasmReader reader, DecodeContext context)
    {
        int lastRank = 0;
        while (!reader.AtEnd)
        {
            int at = reader.Offset;
            byte idByte = reader.ReadByte();
            if (idByte > SectionIds.Last)
            {
                WasmReader.Fail(MalformedMessages.MalformedSectionId, at);
            }

            var id = (SectionId)idByte;
            int size = reader.ReadLength();
            var section = reader.ReadRegion(size);
            if (id != SectionId.Custom)
            {
                // Each known section at most once, in the prescribed order.
                int rank = id.OrderRank();
                if (rank <= lastRank)
                {
                    WasmReader.Fail(MalformedMessages.SectionOutOfOrder, at);
                }

                lastRank = rank;
            }

            DecodeSection(id, ref section, context);
            if (!section.AtEnd)
            {
                WasmReader.Fail(MalformedMessages.SectionSizeMismatch, section.Offset);
            }
        }
    }

    private static void DecodeSection(SectionId id, ref WasmReader section, DecodeContext context)
    {
        switch (id)
        {
            case SectionId.Custom:
                CustomSectionDecoder.Decode(ref section, context);
                break;
            case SectionId.Type:
                TypeSectionDecoder.Decode(ref section, context);
                break;
            case SectionId.Import:
                ImportSectionDecoder.Decode(ref section, context);
                break;
            case SectionId.Function:
                FunctionSectionDecoder.Decode(ref section, context);
                break;
            case SectionId.Table:
                TableSectionDecoder.Decode(ref section, context);
                break;
            case SectionId.Memory:
                MemorySectionDecoder.Decode(ref section, context);
                break;
            case SectionId.Global:
                GlobalSectionDecoder.Decode(ref section, context);
                break;
            case SectionId.Export:
                ExportSectionDecoder.Decode(ref section, context);
                break;
            case SectionId.Start:
                StartSectionDecoder.Decode(ref section, context);
                break;
            case SectionId.Element:
                ElementSectionDecoder.Decode(ref section, context);
                break;
            case SectionId.DataCount:
                DataCountSectionDecoder.Decode(ref section, context);
                break;
            case SectionId.Code:
                CodeSectionDecoder.Decode(ref section, context);
                break;
            case SectionId.Data:
                DataSectionDecoder.Decode(ref section, context);
                break;
        }
    }

    private static void CheckAcrossSections(DecodeContext context)
    {
        var module = context.Module;
        int end = context.ModuleLength;
        if (context.FunctionTypeIndices.Count != module.Functions.Count)
        {
            WasmReader.Fail(MalformedMessages.FunctionCodeMismatch, end);
        }

        if (module.DataCount is uint dataCount && dataCount != (uint)module.Datas.Count)
        {
            WasmReader.Fail(MalformedMessages.DataCountMismatch, end);
        }

        // Without any data segment every data index is out of range, which the validator reports as
        // "unknown data segment" (the spec suite expects exactly that for such modules); the missing data
        // count section only matters when there are segments a single-pass validator could not see yet.
        if (context.UsesDataIndex && module.DataCount is null && module.Datas.Count > 0)
        {
            WasmReader.Fail(MalformedMessages.DataCountRequired, context.FirstDataIndexOffset);
        }
    }
}
