using System.Text;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Wasm.Tests.Wasi;

/// <summary>
/// A WASI context over a fresh temporary sandbox, a one-page memory and captured standard streams, with helpers to
/// lay out guest strings and iovecs. The sandbox is "box" inside a temporary folder; its sibling "outside" holds a
/// secret that no guest path may reach.
/// </summary>
internal sealed class WasiHarness : IDisposable
{
    public const uint PreopenFd = 3;
    public const string Secret = "top secret";

    private uint _next = 1024;

    public WasiHarness(Func<WasiConfig, WasiConfig>? configure = null, byte[]? stdin = null)
    {
        Parent = Directory.CreateTempSubdirectory("wasi-test-").FullName;
        Root = Path.Combine(Parent, "box");
        Outside = Path.Combine(Parent, "outside");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Outside, "secret"), Secret);
        var config = new WasiConfig
        {
            Arguments = ["prog"],
            Preopens = [new WasiPreopen(Root, "/data")],
            StandardInput = new MemoryStream(stdin ?? []),
            StandardOutput = Stdout,
            StandardError = Stderr,
            Clock = Clock,
            Random = new SeededWasiRandom(42),
        };
        Wasi = new WasiContext(configure is null ? config : configure(config));
    }

    public string Parent { get; }

    public string Root { get; }

    public string Outside { get; }

    public MemoryInstance Memory { get; } = new(new MemoryType(new Limits(1, null)));

    public MemoryStream Stdout { get; } = new();

    public MemoryStream Stderr { get; } = new();

    public ManualWasiClock Clock { get; } = new();

    public WasiContext Wasi { get; }

    public string StdoutText => Encoding.UTF8.GetString(Stdout.ToArray());

    /// <summary>Reserves <paramref name="size"/> bytes of guest scratch memory (8-byte aligned).</summary>
    public uint Alloc(uint size)
    {
        var at = _next;
        _next = (_next + size + 7) & ~7u;
        return at;
    }

    public uint PutBytes(ReadOnlySpan<byte> bytes)
    {
        var at = Alloc((uint)bytes.Length);
        Memory.Write(at, bytes);
        return at;
    }

    /// <summary>A guest string: its address and byte length.</summary>
    public (uint Address, uint Length) Put(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return (PutBytes(bytes), (uint)bytes.Length);
    }

    public uint Iovecs(params (uint Address, uint Length)[] buffers)
    {
        var at = Alloc((uint)buffers.Length * 8);
        for (var i = 0; i < buffers.Length; i++)
        {
            Memory.Store(at + ((ulong)i * 8), buffers[i].Address);
            Memory.Store(at + ((ulong)i * 8) + 4, buffers[i].Length);
        }

        return at;
    }

    public uint U32(uint address) => Memory.Load<uint>(address);

    public ulong U64(uint address) => Memory.Load<ulong>(address);

    public string ReadText(uint address, uint length)
    {
        var bytes = new byte[length];
        Memory.Read(address, bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    public WasiErrno Open(string path, out uint fd, WasiOpenFlags flags = WasiOpenFlags.None,
        WasiRights rights = WasiRights.FdRead | WasiRights.FdWrite | WasiRights.FdSeek | WasiRights.FdTell,
        uint dirFd = PreopenFd, bool follow = true, WasiFdFlags fdFlags = WasiFdFlags.None)
    {
        var (p, n) = Put(path);
        var fdOut = Alloc(4);
        var status = Wasi.PathOpen(Memory, dirFd, follow ? 1u : 0u, p, n, (uint)flags, (ulong)rights, (ulong)WasiRightSets.DirectoryInheriting, (uint)fdFlags, fdOut);
        fd = status == WasiErrno.Success ? U32(fdOut) : uint.MaxValue;
        return status;
    }

    public WasiErrno Write(uint fd, string text)
    {
        var (p, n) = Put(text);
        var written = Alloc(4);
        var status = Wasi.FdWrite(Memory, fd, Iovecs((p, n)), 1, written);
        Assert.True(status != WasiErrno.Success || U32(written) == n, "a successful file write moves every byte");
        return status;
    }

    public WasiErrno Read(uint fd, uint count, out string text)
    {
        var buffer = Alloc(count);
        var got = Alloc(4);
        var status = Wasi.FdRead(Memory, fd, Iovecs((buffer, count)), 1, got);
        text = status == WasiErrno.Success ? ReadText(buffer, U32(got)) : "";
        return status;
    }

    /// <summary>Runs a path_* call that takes (fd, path, length) on <paramref name="path"/>.</summary>
    public WasiErrno OnPath(Func<MemoryInstance, uint, uint, uint, WasiErrno> call, string path, uint dirFd = PreopenFd)
    {
        var (p, n) = Put(path);
        return call(Memory, dirFd, p, n);
    }

    public void Dispose()
    {
        Wasi.Dispose();
        try
        {
            Directory.Delete(Parent, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
