namespace WasmActors.Bench.Start;

/// <summary>
/// A large valid module made deterministically from its target size: many functions of branchy integer code (blocks,
/// loops, loads, calls), so that loading and validating it costs what a real compiled program of that size costs.
/// Function 0 is the exported <c>_start</c>; it calls function 1 once. With <c>invalidLastBody</c> the last function
/// begins with an ill-typed instruction, so the module is invalid in the last body only.
/// </summary>
internal static class SyntheticModule
{
    /// <summary>The validator's message for the ill-typed instruction of the invalid variant.</summary>
    public const string InvalidBodyMessage = "type mismatch";

    private const int SnippetsPerBody = 60;

    public static byte[] Build(long targetBytes, bool invalidLastBody = false)
    {
        var bodies = new List<byte[]> { StartBody() };
        long total = 0;
        for (var index = 1; total < targetBytes || index == 1; index++)
        {
            var body = Body(index, invalid: false);
            bodies.Add(body);
            total += body.Length;
        }

        if (invalidLastBody)
        {
            bodies[^1] = Body(bodies.Count - 1, invalid: true);
        }

        return Encode(bodies);
    }

    private static byte[] Encode(List<byte[]> bodies)
    {
        var module = new List<byte>(bodies.Sum(b => b.Length + 8) + 64) { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00 };

        // Types: 0 = (i32) -> i32, 1 = () -> ().
        Section(module, 1, [0x02, 0x60, 0x01, 0x7F, 0x01, 0x7F, 0x60, 0x00, 0x00]);

        var functions = new List<byte>();
        Leb(functions, (ulong)bodies.Count);
        functions.Add(0x01);
        functions.AddRange(Enumerable.Repeat((byte)0x00, bodies.Count - 1));
        Section(module, 3, functions);
        Section(module, 5, [0x01, 0x00, 0x01]);
        Section(module, 7, [0x01, 0x06, .. "_start"u8, 0x00, 0x00]);

        var code = new List<byte>();
        Leb(code, (ulong)bodies.Count);
        foreach (var body in bodies)
        {
            Leb(code, (ulong)body.Length);
            code.AddRange(body);
        }

        Section(module, 10, code);
        return [.. module];
    }

    private static byte[] StartBody() => [0x00, 0x41, 0x01, 0x10, 0x01, 0x1A, 0x0B];

    /// <summary>Function <paramref name="index"/>: parameter 0, i32 locals 1-3, i64 local 4; returns local 2.</summary>
    private static byte[] Body(int index, bool invalid)
    {
        var body = new List<byte>(3200) { 0x02, 0x03, 0x7F, 0x01, 0x7E };
        if (invalid)
        {
            body.AddRange([0x42, 0x00, 0x45, 0x1A]); // i64.const 0; i32.eqz; drop
        }

        for (var s = 0; s < SnippetsPerBody; s++)
        {
            var c = (int)(((uint)index * 2654435761u) ^ (uint)(s * 40503)) & 0xFFFFF;
            body.AddRange([0x20, 0x00, 0x41]); // local.get 0; i32.const c; i32.add; local.set 1
            SignedLeb(body, c);
            body.AddRange([0x6A, 0x21, 0x01]);
            body.AddRange([0x02, 0x40, 0x20, 0x01, 0x0D, 0x00, 0x20, 0x02, 0x41, 0x07, 0x6C, 0x21, 0x02, 0x0B]); // block: br_if over a multiply
            body.AddRange([0x03, 0x40, 0x20, 0x03, 0x41, 0x01, 0x6A, 0x22, 0x03, 0x41, 0x0A, 0x49, 0x0D, 0x00, 0x0B]); // loop: count local 3 to 10
            body.AddRange([0x41]); // i32.const address; i32.load offset; local.set 2
            SignedLeb(body, c & 0xFF0);
            body.AddRange([0x28, 0x02]);
            Leb(body, (ulong)(s * 4));
            body.AddRange([0x21, 0x02]);
            body.AddRange([0x20, 0x04, 0x42]); // local.get 4; i64.const c; i64.xor; local.set 4
            SignedLeb(body, (long)c * 977);
            body.AddRange([0x85, 0x21, 0x04]);
            if (index > 1)
            {
                body.AddRange([0x20, 0x01, 0x10]); // local.get 1; call index-1; local.set 3
                Leb(body, (ulong)(index - 1));
                body.AddRange([0x21, 0x03]);
            }
        }

        body.AddRange([0x20, 0x02, 0x0B]);
        return [.. body];
    }

    private static void Section(List<byte> module, byte id, IReadOnlyCollection<byte> content)
    {
        module.Add(id);
        Leb(module, (ulong)content.Count);
        module.AddRange(content);
    }

    private static void Leb(List<byte> output, ulong value)
    {
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            output.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
    }

    private static void SignedLeb(List<byte> output, long value)
    {
        while (true)
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            if ((value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0))
            {
                output.Add(b);
                return;
            }

            output.Add((byte)(b | 0x80));
        }
    }
}
