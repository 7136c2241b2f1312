using WasmActors.Snapshot.Format;
using WasmActors.Wasm;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Snapshot.Capture;

/// <summary>
/// WASI's part of Conf: arguments, environment, the guest names of the preopened directories, the descriptor table
/// and the guest's monotonic time move with the instance; host paths, the standard streams and the clock belong to
/// the node, so a restore re-maps preopens by guest name, takes the streams (e.g. the owner's output stream) and the
/// clock from the target configuration, and continues the guest's monotonic clock from the captured time (it never
/// jumps backwards across a snapshot or a migration; realtime stays the node's wall clock).
/// Layout: docs/snapshot-format.md, "WASI state".
/// </summary>
internal static class WasiState
{
    public const string Name = "wasi";

    public static HostStateEntry Capture(WasiContext wasi)
    {
        wasi.RecordCurrentPaths();
        var w = new ByteWriter();
        Strings(w, wasi.Config.Arguments);
        Strings(w, wasi.Config.Environment);
        Strings(w, wasi.Config.Preopens.Select(p => p.GuestPath).ToArray());
        var entries = wasi.Fds.Entries.OrderBy(e => e.Key).ToArray();
        w.Int(entries.Length);
        foreach (var (fd, d) in entries)
        {
            w.Int(fd);
            w.Byte((byte)d.Kind);
            w.U64((ulong)(d.PreopenIndex + 1));
            w.String(d.RelativePath);
            w.OptionalString(d.PreopenGuestPath);
            w.U64((ulong)d.RightsBase);
            w.U64((ulong)d.RightsInheriting);
            w.U32((uint)d.Flags);
            w.U64((ulong)d.Offset);
            w.Bool(d.CanRead);
            w.Bool(d.CanWrite);
        }

        w.Fixed64(wasi.Monotonic.Now);
        return new HostStateEntry(Name, w.ToArray());
    }

    /// <summary>
    /// Rebuilds the WASI context of a restored instance. <paramref name="node"/> supplies this node's side: the
    /// standard streams, the clock, and a host path for every preopened guest directory the snapshot names.
    /// Throws <see cref="SnapshotFormatException"/> for malformed state and <see cref="WasmLinkException"/> when a
    /// preopen has no host directory here.
    /// </summary>
    public static WasiContext Restore(IReadOnlyList<HostStateEntry> hostState, WasiConfig node)
    {
        var entry = hostState.FirstOrDefault(e => e.Name == Name)
            ?? throw new SnapshotFormatException("the snapshot has no WASI state");
        var r = new ByteReader(entry.Content, "WASI state");
        var arguments = Strings(r);
        var environment = Strings(r);
        var guestPaths = Strings(r);
        var preopens = guestPaths.Select(guest => node.Preopens.FirstOrDefault(p => p.GuestPath == guest)
            ?? throw new WasmLinkException($"preopened directory \"{guest}\" has no host directory on this node")).ToArray();

        var descriptors = new Dictionary<int, WasiFileDescriptor>();
        var count = r.Count(12);
        for (var i = 0; i < count; i++)
        {
            var fd = r.Int();
            var kind = (WasiFdKind)r.Byte();
            if (!Enum.IsDefined(kind))
            {
                throw r.Fail($"descriptor {fd} has unknown kind {(byte)kind}");
            }

            var descriptor = new WasiFileDescriptor
            {
                Kind = kind,
                PreopenIndex = r.Int(guestPaths.Length) - 1,
                RelativePath = r.String(),
                PreopenGuestPath = r.OptionalString(),
                RightsBase = (WasiRights)r.U64(),
                RightsInheriting = (WasiRights)r.U64(),
                Flags = (WasiFdFlags)r.U32(),
                Offset = (long)Math.Min(r.U64(), long.MaxValue),
                CanRead = r.Bool(),
                CanWrite = r.Bool(),
            };
            if (!descriptors.TryAdd(fd, descriptor))
            {
                throw r.Fail($"descriptor {fd} appears twice");
            }
        }

        var monotonic = r.Fixed64();
        r.ExpectEnd();
        var config = node with { Arguments = arguments, Environment = environment, Preopens = preopens };
        try
        {
            var context = WasiContext.Restore(config, descriptors);
            context.Monotonic.ContinueFrom(monotonic);
            return context;
        }
        catch (ArgumentException e)
        {
            throw new SnapshotFormatException($"WASI state: {e.Message}", e);
        }
    }

    private static void Strings(ByteWriter w, IReadOnlyList<string> strings)
    {
        w.Int(strings.Count);
        foreach (var s in strings)
        {
            w.String(s);
        }
    }

    private static string[] Strings(ByteReader r)
    {
        var strings = new string[r.Count()];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = r.String();
        }

        return strings;
    }
}
