using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Binary;

/// <summary>
/// Decodes the 0xFD-prefixed (fixed-width SIMD) instructions: the sub-opcode, then the immediates its group
/// needs (a memarg, a memarg and a lane, 16 constant bytes, 16 shuffle lanes, or one lane byte). Lane ranges are
/// the validator's to check, as the spec treats an out-of-range lane as invalid rather than malformed.
/// </summary>
internal static class SimdDecoder
{
    private static readonly bool[] Defined = BuildDefined();

    public static Instruction Read(ref WasmReader reader, int offset)
    {
        uint sub = reader.ReadU32();
        if (sub >= 0x100 || !Defined[sub])
        {
            WasmReader.Fail(MalformedMessages.IllegalOpcode, offset);
        }

        var opcode = (Opcode)(0xFD00 | sub);
        switch (sub)
        {
            case <= 0x0B: // v128.load*, v128.store
            case 0x5C: // v128.load32_zero
            case 0x5D: // v128.load64_zero
                return ReadMemoryAccess(ref reader, opcode, offset, withLane: false);

            case 0x0C: // v128.const
            case 0x0D: // i8x16.shuffle
                {
                    ulong low = reader.ReadFixedU64();
                    ulong high = reader.ReadFixedU64();
                    return new Instruction(opcode, 0, 0, low, high, offset);
                }

            case >= 0x15 and <= 0x22: // extract_lane / replace_lane
                return new Instruction(opcode, reader.ReadByte(), offset: offset);

            case >= 0x54 and <= 0x5B: // v128.load*_lane, v128.store*_lane
                return ReadMemoryAccess(ref reader, opcode, offset, withLane: true);

            default:
                return new Instruction(opcode, offset: offset);
        }
    }

    private static Instruction ReadMemoryAccess(ref WasmReader reader, Opcode opcode, int offset, bool withLane)
    {
        int at = reader.Offset;
        uint align = reader.ReadU32();
        if (align >= 32)
        {
            WasmReader.Fail(MalformedMessages.MalformedMemopFlags, at);
        }

        uint memoryOffset = reader.ReadU32();
        ulong lane = withLane ? reader.ReadByte() : 0UL;
        return new Instruction(opcode, align, 0, memoryOffset, lane, offset);
    }

    private static bool[] BuildDefined()
    {
        var defined = new bool[256];
        foreach (var opcode in Enum.GetValues<Opcode>())
        {
            if (((uint)opcode & 0xFF00) == 0xFD00)
            {
                defined[(uint)opcode & 0xFF] = true;
            }
        }

        return defined;
    }
}
