using System.Buffers.Binary;
using System.Text;

namespace WasmActors.Snapshot.Format;

/// <summary>
/// Reads the snapshot format's primitives from untrusted bytes. Every read is bounds-checked and every count is
/// checked against the bytes left before anything is allocated, so hostile input ends in a
/// <see cref="SnapshotFormatException"/>, never in an out-of-memory or an index error.
/// </summary>
internal sealed class ByteReader
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly string _what;

    public ByteReader(ReadOnlyMemory<byte> bytes, string what)
    {
        _bytes = bytes;
        _what = what;
    }

    public int Position { get; private set; }

    public int Remaining => _bytes.Length - Position;

    public bool AtEnd => Remaining == 0;

    public byte Byte() => Take(1)[0];

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        var b => throw Fail($"invalid flag byte {b}"),
    };

    public ulong U64()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = Byte();
            if (shift == 63 && b > 1)
            {
                throw Fail("integer too large");
            }

            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw Fail("integer too long");
    }

    public uint U32()
    {
        var value = U64();
        return value <= uint.MaxValue ? (uint)value : throw Fail($"value {value} does not fit in 32 bits");
    }

    /// <summary>A non-negative int no larger than <paramref name="max"/>.</summary>
    public int Int(int max = int.MaxValue)
    {
        var value = U64();
        return value <= (ulong)max ? (int)value : throw Fail($"value {value} exceeds the limit {max}");
    }

    /// <summary>A count of items that each take at least <paramref name="minItemBytes"/> bytes of what is left.</summary>
    public int Count(int minItemBytes = 1)
    {
        var count = Int();
        return (long)count * minItemBytes <= Remaining
            ? count
            : throw Fail($"a count of {count} items does not fit in the {Remaining} bytes left");
    }

    public uint? OptionalU32() => Bool() ? U32() : null;

    public ulong Fixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public uint Fixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ChunkId Id() => new(BinaryPrimitives.ReadUInt128LittleEndian(Take(ChunkId.Size)));

    public string String()
    {
        var length = Count();
        try
        {
            return new UTF8Encoding(false, true).GetString(Take(length));
        }
        catch (DecoderFallbackException e)
        {
            throw Fail("a string is not valid UTF-8", e);
        }
    }

    public string? OptionalString() => Bool() ? String() : null;

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw Fail($"unexpected end: {count} bytes wanted at offset {Position}, {Remaining} left");
        }

        var span = _bytes.Span.Slice(Position, count);
        Position += count;
        return span;
    }

    public void ExpectEnd()
    {
        if (!AtEnd)
        {
            throw Fail($"{Remaining} unexpected bytes after the end");
        }
    }

    public SnapshotFormatException Fail(string message, Exception? inner = null) => new($"{_what}: {message}", inner);
}
