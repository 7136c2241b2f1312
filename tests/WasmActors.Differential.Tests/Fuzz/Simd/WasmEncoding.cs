using WasmActors.Wasm.Model;

namespace WasmActors.Differential.Tests.Fuzz.Simd;

/// <summary>The pieces of the WebAssembly binary format the generated SIMD modules are written with.</summary>
internal static class WasmEncoding
{
    public const byte SimdPrefix = 0xFD;

    public static readonly byte[] Magic = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    public static byte[] FunctionType(ValType? result) => result is { } type ? FunctionType([], [type]) : FunctionType([], []);

    public static byte[] FunctionType(IReadOnlyList<ValType> parameters, IReadOnlyList<ValType> results) =>
        [0x60, .. Vector(parameters.Select(p => new[] { TypeByte(p) })), .. Vector(results.Select(r => new[] { TypeByte(r) }))];

    public static byte TypeByte(ValType type) => type switch
    {
        ValType.I32 => 0x7F,
        ValType.I64 => 0x7E,
        ValType.F32 => 0x7D,
        ValType.F64 => 0x7C,
        ValType.V128 => 0x7B,
        ValType.FuncRef => 0x70,
        _ => 0x6F,
    };

    public static byte[] ScalarConst(ValType type, ulong bits) => type switch
    {
        ValType.I32 => I32Const((uint)bits),
        ValType.I64 => [0x42, .. Signed((long)bits)],
        ValType.F32 => [0x43, .. BitConverter.GetBytes((uint)bits)],
        _ => [0x44, .. BitConverter.GetBytes(bits)],
    };

    public static byte[] I32Const(uint value) => [0x41, .. Signed((int)value)];

    public static byte[] V128Const((ulong Low, ulong High) value) =>
        [SimdPrefix, 0x0C, .. BitConverter.GetBytes(value.Low), .. BitConverter.GetBytes(value.High)];

    public static byte[] Export(string name, byte kind, uint index) =>
        [.. Sized(System.Text.Encoding.UTF8.GetBytes(name)), kind, .. Unsigned(index)];

    public static byte[] DataSegment(int offset, byte[] bytes) => [0x00, .. I32Const((uint)offset), 0x0B, .. Sized(bytes)];

    public static void Section(List<byte> module, byte id, byte[] contents)
    {
        module.Add(id);
        module.AddRange(Sized(contents));
    }

    public static byte[] Vector(IEnumerable<byte[]> items)
    {
        var list = items.ToList();
        return [.. Unsigned((uint)list.Count), .. list.SelectMany(item => item)];
    }

    public static byte[] Sized(byte[] contents) => [.. Unsigned((uint)contents.Length), .. contents];

    public static byte[] Unsigned(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);

        return [.. bytes];
    }

    public static byte[] Signed(long value)
    {
        var bytes = new List<byte>();
        while (true)
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            var done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            bytes.Add(done ? b : (byte)(b | 0x80));
            if (done)
            {
                return [.. bytes];
            }
        }
    }
}
