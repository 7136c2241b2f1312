using System.Text;

namespace WasmActors.Wasm.Tests.Binary;

/// <summary>Builds small binary modules by hand for loader tests: sections get their sizes computed.</summary>
internal static class WasmBytes
{
    public static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    /// <summary>A module: the header followed by the given (already encoded) sections.</summary>
    public static byte[] Module(params byte[][] sections) => [.. Header, .. sections.SelectMany(s => s)];

    /// <summary>A section with its id and computed size.</summary>
    public static byte[] Section(byte id, params byte[][] content)
    {
        var body = content.SelectMany(c => c).ToArray();
        return [id, .. U32(checked((uint)body.Length)), .. body];
    }

    /// <summary>A vector: count then the items.</summary>
    public static byte[] Vec(params byte[][] items) => [.. U32((uint)items.Length), .. items.SelectMany(i => i)];

    public static byte[] Name(string name)
    {
        var utf8 = Encoding.UTF8.GetBytes(name);
        return [.. U32((uint)utf8.Length), .. utf8];
    }

    public static byte[] U32(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
        return [.. bytes];
    }

    /// <summary>One type section entry: (func (param ...) (result ...)).</summary>
    public static byte[] FuncType(byte[] parameters, byte[] results) =>
        [0x60, .. U32((uint)parameters.Length), .. parameters, .. U32((uint)results.Length), .. results];

    /// <summary>A code section entry: size, local runs (count, type), then the body bytes (which must end with 0x0B).</summary>
    public static byte[] Body(byte[] body, params (uint Count, byte Type)[] locals)
    {
        byte[] content = [.. Vec(locals.Select(l => (byte[])[.. U32(l.Count), l.Type]).ToArray()), .. body];
        return [.. U32((uint)content.Length), .. content];
    }

    /// <summary>A module with one [] -> [] function whose body is <paramref name="body"/>, plus optional extra sections before the code.</summary>
    public static byte[] SingleFunction(byte[] body, params byte[][] sectionsBeforeCode) => Module(
        [
            Section(1, Vec(FuncType([], []))),
            Section(3, Vec([0x00])),
            .. sectionsBeforeCode,
            Section(10, Vec(Body(body))),
        ]);
}
