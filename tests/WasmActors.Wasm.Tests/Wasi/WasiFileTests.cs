using WasmActors.Wasm.Wasi;

namespace WasmActors.Wasm.Tests.Wasi;

public sealed class WasiFileTests
{
    [Fact]
    public void WriteSeekReadTellRoundTrip()
    {
        using var h = new WasiHarness();
        Assert.Equal(WasiErrno.Success, h.Open("f.txt", out var fd, WasiOpenFlags.Create));
        Assert.Equal(WasiErrno.Success, h.Write(fd, "0123456789"));
        var position = h.Alloc(8);
        Assert.Equal(WasiErrno.Success, h.Wasi.FdTell(h.Memory, fd, position));
        Assert.Equal(10UL, h.U64(position));
        Assert.Equal(WasiErrno.Success, h.Wasi.FdSeek(h.Memory, fd, 3, 0, position));
        Assert.Equal(WasiErrno.Success, h.Read(fd, 4, out var middle));
        Assert.Equal("3456", middle);
        Assert.Equal(WasiErrno.Success, h.Wasi.FdSeek(h.Memory, fd, -2, 2, position));
        Assert.Equal(8UL, h.U64(position));
        Assert.Equal(WasiErrno.Success, h.Wasi.FdSeek(h.Memory, fd, -1, 1, position));
        Assert.Equal(7UL, h.U64(position));
        Assert.Equal(WasiErrno.Invalid, h.Wasi.FdSeek(h.Memory, fd, -100, 1, position));
        Assert.Equal(WasiErrno.Invalid, h.Wasi.FdSeek(h.Memory, fd, 0, 3, position));
        Assert.Equal(WasiErrno.Success, h.Read(fd, 100, out var rest));
        Assert.Equal("789", rest);
        Assert.Equal(WasiErrno.Success, h.Read(fd, 100, out var atEnd));
        Assert.Equal("", atEnd);
    }

    [Fact]
    public void PreadAndPwriteLeaveTheOffsetAlone()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.Root, "p.txt"), "abcdefgh");
        Assert.Equal(WasiErrno.Success, h.Open("p.txt", out var fd));
        var (text, length) = h.Put("XY");
        var count = h.Alloc(4);
        Assert.Equal(WasiErrno.Success, h.Wasi.FdPwrite(h.Memory, fd, h.Iovecs((text, length)), 1, 2, count));
        Assert.Equal(2u, h.U32(count));
        var buffer = h.Alloc(3);
        Assert.Equal(WasiErrno.Success, h.Wasi.FdPread(h.Memory, fd, h.Iovecs((buffer, 3)), 1, 1, count));
        Assert.Equal("bXY", h.ReadText(buffer, h.U32(count)));
        Assert.Equal(WasiErrno.Success, h.Read(fd, 2, out var start));
        Assert.Equal("ab", start);
        Assert.Equal(WasiErrno.InvalidSeek, h.Wasi.FdPread(h.Memory, 0, h.Iovecs((buffer, 3)), 1, 0, count));
        Assert.Equal("abXYefgh", File.ReadAllText(Path.Combine(h.Root, "p.txt")));
    }

    [Fact]
    public void AppendWritesAtTheEndAndTruncateEmpties()
    {
        using var h = new WasiHarness();
        var path = Path.Combine(h.Root, "log.txt");
        File.WriteAllText(path, "one\n");
        Assert.Equal(WasiErrno.Success, h.Open("log.txt", out var fd, fdFlags: WasiFdFlags.Append));
        Assert.Equal(WasiErrno.Success, h.Write(fd, "two\n"));
        Assert.Equal("one\ntwo\n", File.ReadAllText(path));
        var stat = h.Alloc(24);
        Assert.Equal(WasiErrno.Success, h.Wasi.FdFdstatGet(h.Memory, fd, stat));
        Assert.Equal((ushort)WasiFdFlags.Append, h.Memory.Load<ushort>(stat + 2));
        Assert.Equal(WasiErrno.Success, h.Wasi.FdFdstatSetFlags(fd, 0));
        Assert.Equal(WasiErrno.NotSupported, h.Wasi.FdFdstatSetFlags(fd, (uint)WasiFdFlags.Sync));

        Assert.Equal(WasiErrno.Success, h.Open("log.txt", out _, WasiOpenFlags.Truncate));
        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Fact]
    public void OpenFlagsGiveThePosixErrors()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.Root, "exists.txt"), "x");
        Directory.CreateDirectory(Path.Combine(h.Root, "dir"));
        Assert.Equal(WasiErrno.Exists, h.Open("exists.txt", out _, WasiOpenFlags.Create | WasiOpenFlags.Exclusive));
        Assert.Equal(WasiErrno.NoEntry, h.Open("missing.txt", out _));
        Assert.Equal(WasiErrno.NoEntry, h.Open("nodir/new.txt", out _, WasiOpenFlags.Create));
        Assert.Equal(WasiErrno.NotDirectory, h.Open("exists.txt", out _, WasiOpenFlags.Directory));
        Assert.Equal(WasiErrno.IsDirectory, h.Open("dir", out _));
        Assert.Equal(WasiErrno.Success, h.Open("dir", out var dirFd, rights: WasiRights.FdRead));
        Assert.Equal(WasiErrno.BadFd, h.Read(dirFd, 4, out _));
        Assert.Equal(WasiErrno.Success, h.Open("exists.txt", out var readOnly, rights: WasiRights.FdRead));
        Assert.Equal(WasiErrno.BadFd, h.Write(readOnly, "no"));
    }

    [Fact]
    public void FilestatReportsTypeSizeAndTimes()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.Root, "five.txt"), "12345");
        Directory.CreateDirectory(Path.Combine(h.Root, "d"));
        File.CreateSymbolicLink(Path.Combine(h.Root, "ln"), "five.txt");
        var stat = h.Alloc(64);
        Assert.Equal(WasiErrno.Success, h.Open("five.txt", out var fd));
        Assert.Equal(WasiErrno.Success, h.Wasi.FdFilestatGet(h.Memory, fd, stat));
        Assert.Equal((byte)WasiFileType.RegularFile, h.Memory.Load<byte>(stat + 16));
        Assert.Equal(5UL, h.U64(stat + 32));
        Assert.True(h.U64(stat + 48) > 1_000_000_000UL * 1_000_000_000, "mtime is in nanoseconds since 1970");

        var (d, dl) = h.Put("d");
        Assert.Equal(WasiErrno.Success, h.Wasi.PathFilestatGet(h.Memory, 3, 1, d, dl, stat));
        Assert.Equal((byte)WasiFileType.Directory, h.Memory.Load<byte>(stat + 16));
        var (ln, lnl) = h.Put("ln");
        Assert.Equal(WasiErrno.Success, h.Wasi.PathFilestatGet(h.Memory, 3, 0, ln, lnl, stat));
        Assert.Equal((byte)WasiFileType.SymbolicLink, h.Memory.Load<byte>(stat + 16));
        Assert.Equal(8UL, h.U64(stat + 32));
        Assert.Equal(WasiErrno.Success, h.Wasi.PathFilestatGet(h.Memory, 3, 1, ln, lnl, stat));
        Assert.Equal(5UL, h.U64(stat + 32));
        var (missing, ml) = h.Put("missing");
        Assert.Equal(WasiErrno.NoEntry, h.Wasi.PathFilestatGet(h.Memory, 3, 1, missing, ml, stat));
    }

    [Fact]
    public void SetSizeAllocateAndSetTimesChangeTheHostFile()
    {
        using var h = new WasiHarness();
        var path = Path.Combine(h.Root, "s.bin");
        Assert.Equal(WasiErrno.Success, h.Open("s.bin", out var fd, WasiOpenFlags.Create));
        Assert.Equal(WasiErrno.Success, h.Wasi.FdFilestatSetSize(fd, 100));
        Assert.Equal(100, new FileInfo(path).Length);
        Assert.Equal(WasiErrno.Success, h.Wasi.FdAllocate(fd, 50, 150));
        Assert.Equal(200, new FileInfo(path).Length);
        const ulong Y2001 = 978_307_200UL * 1_000_000_000;
        Assert.Equal(WasiErrno.Success, h.Wasi.FdFilestatSetTimes(fd, 0, Y2001, (uint)WasiFstFlags.ModificationTime));
        Assert.Equal(new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(path));
        var (p, n) = h.Put("s.bin");
        Assert.Equal(WasiErrno.Success, h.Wasi.PathFilestatSetTimes(h.Memory, 3, 1, p, n, 0, 0, (uint)WasiFstFlags.ModificationTimeNow));
        Assert.Equal(DateTime.UnixEpoch.AddTicks((long)(h.Clock.RealtimeNanoseconds / 100)), File.GetLastWriteTimeUtc(path));
        Assert.Equal(WasiErrno.Invalid, h.Wasi.FdFilestatSetTimes(fd, 0, 0, (uint)(WasiFstFlags.AccessTime | WasiFstFlags.AccessTimeNow)));
    }

    [Fact]
    public void ReaddirListsDotEntriesThenNamesInOrderAndResumesAtTheCookie()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.Root, "b.txt"), "");
        File.WriteAllText(Path.Combine(h.Root, "a.txt"), "");
        Directory.CreateDirectory(Path.Combine(h.Root, "c"));
        var buffer = h.Alloc(1024);
        var used = h.Alloc(4);
        Assert.Equal(WasiErrno.Success, h.Wasi.FdReaddir(h.Memory, 3, buffer, 1024, 0, used));
        var entries = ParseDirents(h, buffer, h.U32(used));
        Assert.Equal([".", "..", "a.txt", "b.txt", "c"], entries.Select(e => e.Name));
        Assert.Equal((byte)WasiFileType.Directory, entries[4].Type);
        Assert.Equal((byte)WasiFileType.RegularFile, entries[2].Type);

        Assert.Equal(WasiErrno.Success, h.Wasi.FdReaddir(h.Memory, 3, buffer, 1024, entries[2].Next, used));
        Assert.Equal(["b.txt", "c"], ParseDirents(h, buffer, h.U32(used)).Select(e => e.Name));

        // A buffer too small for everything is filled completely: the guest knows to ask again.
        Assert.Equal(WasiErrno.Success, h.Wasi.FdReaddir(h.Memory, 3, buffer, 30, 0, used));
        Assert.Equal(30u, h.U32(used));
        // Listing a stream (or a file) is EBADF, as in Wasmtime.
        Assert.Equal(WasiErrno.BadFd, h.Wasi.FdReaddir(h.Memory, 1, buffer, 30, 0, used));
    }

    [Fact]
    public void DirectoryCreationAndRemovalFollowPosixRules()
    {
        using var h = new WasiHarness();
        Assert.Equal(WasiErrno.Success, h.OnPath(h.Wasi.PathCreateDirectory, "d"));
        Assert.Equal(WasiErrno.Exists, h.OnPath(h.Wasi.PathCreateDirectory, "d"));
        Assert.Equal(WasiErrno.NoEntry, h.OnPath(h.Wasi.PathCreateDirectory, "x/y"));
        File.WriteAllText(Path.Combine(h.Root, "d", "f"), "x");
        Assert.Equal(WasiErrno.NotEmpty, h.OnPath(h.Wasi.PathRemoveDirectory, "d"));
        Assert.Equal(WasiErrno.NotDirectory, h.OnPath(h.Wasi.PathRemoveDirectory, "d/f"));
        Assert.Equal(WasiErrno.IsDirectory, h.OnPath(h.Wasi.PathUnlinkFile, "d"));
        Assert.Equal(WasiErrno.Success, h.OnPath(h.Wasi.PathUnlinkFile, "d/f"));
        Assert.Equal(WasiErrno.NoEntry, h.OnPath(h.Wasi.PathUnlinkFile, "d/f"));
        Assert.Equal(WasiErrno.Success, h.OnPath(h.Wasi.PathRemoveDirectory, "d"));
        Assert.Equal(WasiErrno.NoEntry, h.OnPath(h.Wasi.PathRemoveDirectory, "d"));
        // rmdir(".") is EINVAL, as in Wasmtime (WasiDifferentialTests, "create and remove").
        Assert.Equal(WasiErrno.Invalid, h.OnPath(h.Wasi.PathRemoveDirectory, "."));
        Assert.True(Directory.Exists(h.Root));
    }

    [Fact]
    public void RenameReplacesFilesAndEmptyDirectoriesOnly()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.Root, "a"), "A");
        File.WriteAllText(Path.Combine(h.Root, "b"), "B");
        Directory.CreateDirectory(Path.Combine(h.Root, "d1", "inner"));
        Directory.CreateDirectory(Path.Combine(h.Root, "empty"));
        Directory.CreateDirectory(Path.Combine(h.Root, "full", "x"));
        Assert.Equal(WasiErrno.Success, Rename(h, "a", "b"));
        Assert.Equal("A", File.ReadAllText(Path.Combine(h.Root, "b")));
        Assert.Equal(WasiErrno.NoEntry, Rename(h, "a", "c"));
        Assert.Equal(WasiErrno.IsDirectory, Rename(h, "b", "empty"));
        Assert.Equal(WasiErrno.NotDirectory, Rename(h, "d1", "b"));
        Assert.Equal(WasiErrno.NotEmpty, Rename(h, "d1", "full"));
        Assert.Equal(WasiErrno.Invalid, Rename(h, "d1", "d1/inner/moved"));
        Assert.Equal(WasiErrno.Success, Rename(h, "d1", "empty"));
        Assert.True(Directory.Exists(Path.Combine(h.Root, "empty", "inner")));
        Assert.Equal(WasiErrno.NoEntry, Rename(h, "b", "nowhere/b"));
    }

    [Fact]
    public void CloseRenumberAndWasmtimesDescriptorOrder()
    {
        using var h = new WasiHarness();
        Assert.Equal(WasiErrno.Success, h.Open("one", out var one, WasiOpenFlags.Create));
        Assert.Equal(WasiErrno.Success, h.Open("two", out var two, WasiOpenFlags.Create));
        Assert.Equal(4u, one);
        Assert.Equal(5u, two);
        Assert.Equal(WasiErrno.Success, h.Write(two, "second"));
        Assert.Equal(WasiErrno.Success, h.Wasi.FdRenumber(two, one));
        Assert.Equal(WasiErrno.BadFd, h.Write(two, "x"));
        Assert.Equal(WasiErrno.Success, h.Write(one, "!"));
        Assert.Equal("second!", File.ReadAllText(Path.Combine(h.Root, "two")));
        Assert.Equal(WasiErrno.Success, h.Wasi.FdClose(one));
        Assert.Equal(WasiErrno.BadFd, h.Wasi.FdClose(one));
        // 5 (freed by the renumber) and 4 (closed) are free: Wasmtime hands out the highest first.
        Assert.Equal(WasiErrno.Success, h.Open("three", out var three, WasiOpenFlags.Create));
        Assert.Equal(5u, three);
        Assert.Equal(WasiErrno.Success, h.Open("four", out var four, WasiOpenFlags.Create));
        Assert.Equal(4u, four);
        Assert.Equal(WasiErrno.Success, h.Open("five", out var five, WasiOpenFlags.Create));
        Assert.Equal(6u, five);
        Assert.Equal(WasiErrno.Success, h.Wasi.FdSync(three));
        Assert.Equal(WasiErrno.Success, h.Wasi.FdDatasync(three));
        Assert.Equal(WasiErrno.Success, h.Wasi.FdAdvise(three, 0, 10, 2));
        Assert.Equal(WasiErrno.Invalid, h.Wasi.FdAdvise(three, 0, 10, 9));
    }

    [Fact]
    public void TheDescriptorTableIsPlainDataThatARestoredContextContinuesFrom()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.Root, "data.txt"), "0123456789");
        Assert.Equal(WasiErrno.Success, h.Open("data.txt", out var fd, rights: WasiRights.FdRead));
        Assert.Equal(WasiErrno.Success, h.Read(fd, 4, out _));
        var saved = h.Wasi.Fds.Entries.ToDictionary(e => e.Key, e => e.Value with { });

        using var restored = WasiContext.Restore(h.Wasi.Config, saved);
        var buffer = h.Alloc(16);
        var got = h.Alloc(4);
        Assert.Equal(WasiErrno.Success, restored.FdRead(h.Memory, fd, h.Iovecs((buffer, 16)), 1, got));
        Assert.Equal("456789", h.ReadText(buffer, h.U32(got)));
        Assert.Equal("/data", restored.Fds.Entries[3].PreopenGuestPath);

        var bad = new Dictionary<int, WasiFileDescriptor> { [3] = saved[3] with { PreopenIndex = 5 } };
        Assert.Throws<ArgumentException>(() => WasiContext.Restore(h.Wasi.Config, bad));
    }

    private static WasiErrno Rename(WasiHarness h, string from, string to)
    {
        var (a, an) = h.Put(from);
        var (b, bn) = h.Put(to);
        return h.Wasi.PathRename(h.Memory, 3, a, an, 3, b, bn);
    }

    private static List<(string Name, byte Type, ulong Next)> ParseDirents(WasiHarness h, uint buffer, uint used)
    {
        var result = new List<(string, byte, ulong)>();
        var at = buffer;
        while (at + 24 <= buffer + used)
        {
            var next = h.U64(at);
            var length = h.U32(at + 16);
            var type = h.Memory.Load<byte>(at + 20);
            result.Add((h.ReadText(at + 24, length), type, next));
            at += 24 + length;
        }

        return result;
    }
}
