using System.Buffers.Binary;
using System.Text;

namespace WasmActors.Snapshot.Format;

/// <summary>Appends the snapshot format's primitives (LEB128 integers, fixed-width ids, strings) to a buffer.</summary>
internal sealed class ByteWriter
{
    private byte[] _buffer;

    public ByteWriter(int capacity = 256)
    {
        _buffer = new byte[Math.Max(16, capacity)];
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public byte[] ToArray() => Written.ToArray();

    public void Byte(byte value) => Reserve(1)[0] = value;

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void U64(ulong value)
    {
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            Byte(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
    }

    public void U32(uint value) => U64(value);

    public void Int(int value) => U64((uint)value);

    public void OptionalU32(uint? value)
    {
        Bool(value.HasValue);
        if (value is uint v)
        {
            U32(v);
        }
    }

    public void Fixed64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    public void Fixed32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void Id(ChunkId id)
    {
        var span = Reserve(ChunkId.Size);
        BinaryPrimitives.WriteUInt128LittleEndian(span, id.Value);
    }

    public void String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Int(bytes.Length);
        Bytes(bytes);
    }

    public void OptionalString(string? value)
    {
        Bool(value is not null);
        if (value is not null)
        {
            String(value);
        }
    }

    public void Bytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }

        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
