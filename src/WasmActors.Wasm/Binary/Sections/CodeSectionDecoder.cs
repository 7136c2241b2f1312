using System.Runtime.CompilerServices;
using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Binary.Sections;

/// <summary>
/// Section 10: function bodies, each sized, holding run-length encoded locals and an expression. Joined with
/// the function section's type indices into <see cref="Module.Functions"/>.
/// </summary>
internal static class CodeSectionDecoder
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decode(ref WasmReader reader, DecodeContext context)
    {
        int at = reader.Offset;
        int count = reader.ReadLength();
        var typeIndices = context.FunctionTypeIndices;
        if (count != typeIndices.Count)
        {
            WasmReader.Fail(MalformedMessages.FunctionCodeMismatch, at);
        }

        var functions = context.Module.Functions;
        functions.Capacity = count;
        var runs = new List<(uint Count, ValType Type)>();
        for (int i = 0; i < count; i++)
        {
            int codeOffset = reader.Offset;
            int size = reader.ReadLength();
            var body = reader.ReadRegion(size);
            var locals = ReadLocals(ref body, context, runs);
            functions.Add(context.Bytes is { } bytes
                ? KeepEncoded(ref body, context, bytes, typeIndices[i], locals, codeOffset)
                : new FunctionBody(typeIndices[i], locals, InstructionDecoder.Decode(ref body, context), codeOffset));
            if (!body.AtEnd)
            {
                WasmReader.Fail(MalformedMessages.SectionSizeMismatch, body.Offset);
            }
        }
    }

    /// <summary>Checks the body's expression and keeps its bytes, to be decoded when the function is first compiled.</summary>
    private static FunctionBody KeepEncoded(ref WasmReader body, DecodeContext context, ReadOnlyMemory<byte> bytes, uint typeIndex, ValType[] locals, int codeOffset)
    {
        int start = body.Offset;
        InstructionDecoder.Check(ref body, context);
        return new FunctionBody(typeIndex, locals, bytes[start..body.Offset], start, codeOffset);
    }

    /// <summary>
    /// Reads the local declarations and expands them. The total is checked against the configured limit
    /// before anything is allocated, so a body declaring billions of locals costs nothing.
    /// </summary>
    private static ValType[] ReadLocals(ref WasmReader body, DecodeContext context, List<(uint Count, ValType Type)> runs)
    {
        int at = body.Offset;
        int runCount = body.ReadLength();
        runs.Clear();
        long total = 0;
        for (int i = 0; i < runCount; i++)
        {
            uint n = body.ReadU32();
            var type = TypeDecoder.ReadValType(ref body);
            total += n;
            if (total > context.Config.MaxLocals)
            {
                WasmReader.Fail(MalformedMessages.TooManyLocals, at);
            }

            runs.Add((n, type));
        }

        if (total == 0)
        {
            return [];
        }

        context.RemainingLocalsBudget -= total;
        if (context.RemainingLocalsBudget < 0)
        {
            WasmReader.Fail(MalformedMessages.TooManyLocals, at);
        }

        var locals = new ValType[total];
        int next = 0;
        foreach (var (n, type) in runs)
        {
            locals.AsSpan(next, (int)n).Fill(type);
            next += (int)n;
        }

        return locals;
    }
}
