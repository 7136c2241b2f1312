using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace WasmActors.Wasm.Binary;

/// <summary>
/// A forward-only cursor over a window of the module bytes, with the binary format's primitive encodings
/// (LEB128 integers, names, vector lengths). Every error carries the absolute file offset.
/// A window is either the whole file or a sized region (a section, a function body); reading past the end
/// of a region is reported as the spec interpreter does for sections and functions.
/// </summary>
internal ref struct WasmReader
{
    private readonly ReadOnlySpan<byte> bytes;
    private readonly int baseOffset;
    private readonly string endMessage;
    private int position;

    public WasmReader(ReadOnlySpan<byte> bytes)
        : this(bytes, 0, MalformedMessages.UnexpectedEnd)
    {
    }

    private WasmReader(ReadOnlySpan<byte> bytes, int baseOffset, string endMessage)
    {
        this.bytes = bytes;
        this.baseOffset = baseOffset;
        this.endMessage = endMessage;
        position = 0;
    }

    /// <summary>A reader over a sized region that starts at absolute offset <paramref name="baseOffset"/>.</summary>
    public static WasmReader ForRegion(ReadOnlySpan<byte> bytes, int baseOffset) =>
        new(bytes, baseOffset, MalformedMessages.UnexpectedEndOfSection);

    /// <summary>Absolute file offset of the next byte.</summary>
    public readonly int Offset => baseOffset + position;

    public readonly int Remaining => bytes.Length - position;

    public readonly bool AtEnd => position >= bytes.Length;

    [DoesNotReturn]
    public static void Fail(string message, int offset) => throw new WasmLoadException(message, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if ((uint)position >= (uint)bytes.Length)
        {
            Fail(endMessage, Offset);
        }

        return bytes[position++];
    }

    public readonly byte PeekByte()
    {
        if ((uint)position >= (uint)bytes.Length)
        {
            Fail(endMessage, Offset);
        }

        return bytes[position];
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count > Remaining)
        {
            Fail(endMessage, baseOffset + bytes.Length);
        }

        var slice = bytes.Slice(position, count);
        position += count;
        return slice;
    }

    /// <summary>Reads a length-prefixed byte vector; the length must fit in what is left.</summary>
    public ReadOnlySpan<byte> ReadByteVector() => ReadBytes(ReadLength());

    /// <summary>
    /// Reads a vector or byte length. Every vector element takes at least one byte, so a length beyond the
    /// remaining bytes is malformed; checking it here bounds every allocation made from a declared count.
    /// </summary>
    public int ReadLength()
    {
        int at = Offset;
        uint length = ReadU32();
        if (length > (uint)Remaining)
        {
            Fail(MalformedMessages.LengthOutOfBounds, at);
        }

        return (int)length;
    }

    /// <summary>Cuts the next <paramref name="length"/> bytes off as their own region (a section or a body).</summary>
    public WasmReader ReadRegion(int length)
    {
        var region = ReadBytes(length);
        return new WasmReader(region, Offset - length, MalformedMessages.UnexpectedEndOfSection);
    }

    /// <summary>Reads a name: a byte vector that must be valid UTF-8.</summary>
    public string ReadName()
    {
        int at = Offset;
        var utf8 = ReadByteVector();
        if (!Utf8.IsValid(utf8))
        {
            Fail(MalformedMessages.MalformedUtf8, at);
        }

        return Encoding.UTF8.GetString(utf8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadU32()
    {
        if ((uint)position < (uint)bytes.Length && bytes[position] < 0x80)
        {
            return bytes[position++];
        }

        return (uint)ReadUnsigned(32);
    }

    public ulong ReadU64() => ReadUnsigned(64);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadS32()
    {
        if ((uint)position < (uint)bytes.Length && bytes[position] < 0x40)
        {
            return bytes[position++];
        }

        return (int)ReadSigned(32);
    }

    public long ReadS33() => ReadSigned(33);

    public long ReadS64() => ReadSigned(64);

    public uint ReadFixedU32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public ulong ReadFixedU64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    /// <summary>
    /// Unsigned LEB128 of at most <paramref name="bits"/> bits, rejecting encodings longer than
    /// ceil(bits/7) bytes and set bits beyond <paramref name="bits"/> in the last byte, as the spec requires.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ulong ReadUnsigned(int bits)
    {
        int start = Offset;
        ulong result = 0;
        int shift = 0;
        for (int left = bits; ; left -= 7)
        {
            if (left <= 0)
            {
                Fail(MalformedMessages.IntegerTooLong, start);
            }

            byte b = ReadByte();
            if (left < 7 && (b & 0x7F) >= (1 << left))
            {
                Fail(MalformedMessages.IntegerTooLarge, Offset - 1);
            }

            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }

            shift += 7;
        }
    }

    /// <summary>
    /// Signed LEB128 of at most <paramref name="bits"/> bits; the unused bits of the last byte must all equal
    /// the sign bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long ReadSigned(int bits)
    {
        int start = Offset;
        long result = 0;
        int shift = 0;
        for (int left = bits; ; left -= 7)
        {
            if (left <= 0)
            {
                Fail(MalformedMessages.IntegerTooLong, start);
            }

            byte b = ReadByte();
            if (left < 7)
            {
                int mask = (-1 << (left - 1)) & 0x7F;
                int high = b & mask;
                if (high != 0 && high != mask)
                {
                    Fail(MalformedMessages.IntegerTooLarge, Offset - 1);
                }
            }

            result |= (long)(b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                if (shift < 64 && (b & 0x40) != 0)
                {
                    result |= -1L << shift;
                }

                return result;
            }
        }
    }
}
