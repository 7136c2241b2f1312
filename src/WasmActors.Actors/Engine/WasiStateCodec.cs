using WasmActors.Wasm.Wasi;

namespace WasmActors.Actors.Engine;

/// <summary>What of a WASI program moves with it: argv, environment and the descriptor table (plain data).</summary>
internal sealed record WasiState(string[] Arguments, string[] Environment, IReadOnlyDictionary<int, WasiFileDescriptor> Descriptors);

internal static class WasiStateCodec
{
    public static byte[] Encode(WasiContext wasi)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        WriteStrings(writer, wasi.Config.Arguments);
        WriteStrings(writer, wasi.Config.Environment);
        writer.Write(wasi.Fds.Count);
        foreach (var (fd, d) in wasi.Fds.Entries)
        {
            writer.Write(fd);
            writer.Write((byte)d.Kind);
            writer.Write(d.PreopenIndex);
            writer.Write(d.RelativePath);
            writer.Write(d.PreopenGuestPath ?? "");
            writer.Write((ulong)d.RightsBase);
            writer.Write((ulong)d.RightsInheriting);
            writer.Write((ushort)d.Flags);
            writer.Write(d.Offset);
            writer.Write(d.CanRead);
            writer.Write(d.CanWrite);
        }

        writer.Flush();
        return stream.ToArray();
    }

    public static WasiState Decode(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            var arguments = ReadStrings(reader);
            var environment = ReadStrings(reader);
            var count = reader.ReadInt32();
            if (count < 0 || count > 1 << 16)
            {
                throw new InvalidDataException($"{count} file descriptors");
            }

            var descriptors = new Dictionary<int, WasiFileDescriptor>(count);
            for (var i = 0; i < count; i++)
            {
                var fd = reader.ReadInt32();
                var kind = (WasiFdKind)reader.ReadByte();
                var preopen = reader.ReadInt32();
                var path = reader.ReadString();
                var guest = reader.ReadString();
                descriptors[fd] = new WasiFileDescriptor
                {
                    Kind = kind,
                    PreopenIndex = preopen,
                    RelativePath = path,
                    PreopenGuestPath = guest.Length == 0 ? null : guest,
                    RightsBase = (WasiRights)reader.ReadUInt64(),
                    RightsInheriting = (WasiRights)reader.ReadUInt64(),
                    Flags = (WasiFdFlags)reader.ReadUInt16(),
                    Offset = reader.ReadInt64(),
                    CanRead = reader.ReadBoolean(),
                    CanWrite = reader.ReadBoolean(),
                };
            }

            return new WasiState(arguments, environment, descriptors);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the WASI state is truncated", e);
        }
    }

    private static void WriteStrings(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static string[] ReadStrings(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > 1 << 16)
        {
            throw new InvalidDataException($"{count} strings");
        }

        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadString();
        }

        return values;
    }
}
