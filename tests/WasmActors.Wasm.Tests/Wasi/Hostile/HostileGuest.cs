using System.Text;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Tests.Wasi.Differential;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Wasm.Tests.Wasi.Hostile;

/// <summary>
/// A guest's side of WASI, driven call by call from a test: a context over a <see cref="SandboxFixture"/> (or a
/// shared one) whose parent holds the canary. Everything the guest reads or lists is kept in <see cref="Seen"/> so
/// a test can check the canary's text never reached it.
/// </summary>
internal sealed class HostileGuest : IDisposable
{
    public const uint Preopen = 3;
    private const uint Scratch = 0x100;

    public HostileGuest(string box)
    {
        Wasi = new WasiContext(new WasiConfig
        {
            Arguments = ["hostile"],
            Preopens = [new WasiPreopen(box, "/data")],
            StandardOutput = Stream.Null,
            StandardError = Stream.Null,
        });
    }

    public WasiContext Wasi { get; }

    public MemoryInstance Memory { get; } = new(new MemoryType(new Limits(1, null)));

    public StringBuilder Seen { get; } = new();

    public WasiErrno Open(string path, out uint fd, uint dirFd = Preopen, bool directory = false, bool write = false, bool follow = true)
    {
        var (p, n) = Put(path, 0);
        var rights = WasiRights.FdRead | WasiRights.FdReadDir | WasiRights.FdFileStatGet | WasiRights.FdFileStatSetTimes | WasiRights.PathOpen | (write ? WasiRights.FdWrite : 0);
        var status = Wasi.PathOpen(Memory, dirFd, follow ? 1u : 0u, p, n, directory ? (uint)WasiOpenFlags.Directory : 0, (ulong)rights, (ulong)WasiRightSets.DirectoryInheriting, 0, Scratch);
        fd = status == WasiErrno.Success ? Memory.Load<uint>(Scratch) : uint.MaxValue;
        return status;
    }

    /// <summary>Reads up to 4 KiB; the text read is also added to <see cref="Seen"/>.</summary>
    public WasiErrno Read(uint fd, out string text)
    {
        Memory.Store(Scratch, 0x2000u);
        Memory.Store(Scratch + 4, 4096u);
        var status = Wasi.FdRead(Memory, fd, Scratch, 1, Scratch + 8);
        text = status == WasiErrno.Success ? Text(0x2000, Memory.Load<uint>(Scratch + 8)) : "";
        Seen.Append(text);
        return status;
    }

    public WasiErrno Write(uint fd, string text)
    {
        var (p, n) = Put(text, 0x3000);
        Memory.Store(Scratch, p);
        Memory.Store(Scratch + 4, n);
        return Wasi.FdWrite(Memory, fd, Scratch, 1, Scratch + 8);
    }

    /// <summary>The names fd_readdir lists (each also added to <see cref="Seen"/>).</summary>
    public WasiErrno List(uint fd, out List<string> names)
    {
        names = [];
        var status = Wasi.FdReaddir(Memory, fd, 0x4000, 0x8000, 0, Scratch);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        var used = Memory.Load<uint>(Scratch);
        for (var at = 0x4000u; at + 24 <= 0x4000 + used;)
        {
            var length = Memory.Load<uint>(at + 16);
            var name = Text(at + 24, length);
            names.Add(name);
            Seen.Append(name).Append('\n');
            at += 24 + length;
        }

        return status;
    }

    public WasiErrno Stat(uint fd, out WasiFileType type)
    {
        var status = Wasi.FdFilestatGet(Memory, fd, 0x1000);
        type = (WasiFileType)Memory.Load<byte>(0x1000 + 16);
        return status;
    }

    public WasiErrno Rename(string from, string to)
    {
        var (a, an) = Put(from, 0);
        var (b, bn) = Put(to, 0x800);
        return Wasi.PathRename(Memory, Preopen, a, an, Preopen, b, bn);
    }

    public WasiErrno Symlink(string target, string path)
    {
        var (a, an) = Put(target, 0);
        var (b, bn) = Put(path, 0x800);
        return Wasi.PathSymlink(Memory, a, an, Preopen, b, bn);
    }

    public WasiErrno Unlink(string path)
    {
        var (p, n) = Put(path, 0);
        return Wasi.PathUnlinkFile(Memory, Preopen, p, n);
    }

    public void Dispose() => Wasi.Dispose();

    /// <summary>Guest strings go at 0x9000 + slot (paths are at most 4 KiB, so two slots never overlap).</summary>
    private (uint Address, uint Length) Put(string text, uint slot)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var at = 0x9000u + (slot == 0 ? 0 : 0x1400u);
        Memory.Write(at, bytes);
        return (at, (uint)bytes.Length);
    }

    private string Text(uint address, uint length)
    {
        var bytes = new byte[length];
        Memory.Read(address, bytes);
        return Encoding.UTF8.GetString(bytes);
    }
}
