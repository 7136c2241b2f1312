using WasmActors.Wasm.Tests.Wasi.Differential;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Wasm.Tests.Wasi.Hostile;

/// <summary>
/// A guest trying to leave its preopen: every attempt must stay inside, the canary beside the preopen must keep its
/// text and modification time, and nothing the guest reads or lists may contain the canary's text. Each case runs
/// with openat2 and with the component walk used where the kernel has no openat2.
/// </summary>
public sealed class SandboxEscapeTests
{
    public static TheoryData<bool> Lookups => [false, true];

    [Theory]
    [MemberData(nameof(Lookups))]
    public void ADirectoryRenamedAndReplacedByAnOutwardLinkIsStillListedAsItself(bool walk)
    {
        Use(walk);
        using var fixture = new SandboxFixture();
        using var guest = new HostileGuest(fixture.Box);
        Assert.Equal(WasiErrno.Success, guest.Open("d", out var d, directory: true));
        Assert.Equal(WasiErrno.Success, guest.Rename("d", "t"));
        Assert.Equal(WasiErrno.Success, guest.Symlink("../../..", "d"));

        Assert.Equal(WasiErrno.Success, guest.List(d, out var names));
        Assert.Equal([".", "..", "secret.txt"], names);
        Assert.Equal(WasiErrno.Success, guest.Stat(d, out var type));
        Assert.Equal(WasiFileType.Directory, type);
        Assert.Equal(WasiErrno.Success, guest.Wasi.FdFilestatSetTimes(d, 0, 978_307_200UL * 1_000_000_000, (uint)WasiFstFlags.ModificationTime));
        Assert.Equal(new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc), Directory.GetLastWriteTimeUtc(Path.Combine(fixture.Box, "t")));
        Assert.Equal(WasiErrno.Success, guest.Open("secret.txt", out var secret, dirFd: d));
        Assert.Equal(WasiErrno.Success, guest.Read(secret, out var text));
        Assert.Equal("inner", text);
        Assert.Equal(WasiErrno.NotPermitted, guest.Open("d/canary.txt", out _));
        Assert.Equal(WasiErrno.NotPermitted, guest.Open("d", out _, directory: true));
        AssertNothingLeaked(fixture, guest);
    }

    [Theory]
    [MemberData(nameof(Lookups))]
    public void DotDotAtEveryDepthStopsAtThePreopen(bool walk)
    {
        Use(walk);
        using var fixture = new SandboxFixture();
        const int Depth = 24;
        Directory.CreateDirectory(Path.Combine(fixture.Box, Path.Combine(Enumerable.Repeat("a", Depth).ToArray())));
        using var guest = new HostileGuest(fixture.Box);
        for (var k = 0; k <= Depth; k++)
        {
            var down = string.Concat(Enumerable.Repeat("a/", k));
            Assert.Equal(WasiErrno.NotPermitted, guest.Open(down + string.Concat(Enumerable.Repeat("../", k + 1)) + "canary.txt", out _));
            Assert.Equal(WasiErrno.Success, guest.Open(down + string.Concat(Enumerable.Repeat("../", k)) + "f.txt", out var f));
            Assert.Equal(WasiErrno.Success, guest.Read(f, out var text));
            Assert.Equal("hello", text);
            Assert.Equal(WasiErrno.Success, guest.Wasi.FdClose(f));

            // The same climb from a descriptor opened at that depth: its own directory is its floor.
            if (k > 0)
            {
                Assert.Equal(WasiErrno.Success, guest.Open(down, out var at, directory: true));
                Assert.Equal(WasiErrno.NotPermitted, guest.Open("../f.txt", out _, dirFd: at));
                Assert.Equal(WasiErrno.Success, guest.Wasi.FdClose(at));
            }
        }

        AssertNothingLeaked(fixture, guest);
    }

    [Theory]
    [MemberData(nameof(Lookups))]
    public void LongPathsStayInsideOrAreTooLong(bool walk)
    {
        Use(walk);
        using var fixture = new SandboxFixture();
        using var guest = new HostileGuest(fixture.Box);

        // 2,401 components within the 4,096-byte limit, going down and back up 800 times.
        var bouncing = string.Concat(Enumerable.Repeat("d/../", 800));
        Assert.Equal(WasiErrno.Success, guest.Open(bouncing + "f.txt", out var f));
        Assert.Equal(WasiErrno.Success, guest.Read(f, out var text));
        Assert.Equal("hello", text);
        Assert.Equal(WasiErrno.NotPermitted, guest.Open(bouncing + "../canary.txt", out _));
        Assert.Equal(WasiErrno.NotPermitted, guest.Open(string.Concat(Enumerable.Repeat("../", 1000)) + "canary.txt", out _));

        // 4,096 components is more than PATH_MAX bytes: refused before anything is looked up.
        Assert.Equal(WasiErrno.NameTooLong, guest.Open(string.Concat(Enumerable.Repeat("./", 4095)) + "f.txt", out _));
        Assert.Equal(WasiErrno.NameTooLong, guest.Open(string.Concat(Enumerable.Repeat("../", 4096)) + "canary.txt", out _));
        AssertNothingLeaked(fixture, guest);
    }

    [Theory]
    [MemberData(nameof(Lookups))]
    public void SymlinkLoopsEndInEloopAndNeverOutside(bool walk)
    {
        Use(walk);
        using var fixture = new SandboxFixture();
        using var guest = new HostileGuest(fixture.Box);
        Assert.Equal(WasiErrno.Success, guest.Symlink("loop2", "loop1"));
        Assert.Equal(WasiErrno.Success, guest.Symlink("loop1", "loop2"));
        Assert.Equal(WasiErrno.Success, guest.Symlink("self/x", "self"));
        Assert.Equal(WasiErrno.Success, guest.Symlink("d/../up", "up"));
        Assert.Equal(WasiErrno.Success, guest.Symlink("../box/out", "out"));
        Assert.Equal(WasiErrno.Loop, guest.Open("loop1", out _));
        Assert.Equal(WasiErrno.Loop, guest.Open("self", out _));
        Assert.Equal(WasiErrno.Loop, guest.Open("up/f.txt", out _));
        Assert.Equal(WasiErrno.NotPermitted, guest.Open("out", out _));

        // A chain of 40 links is followed; one more is a loop (Linux's limit).
        Assert.Equal(WasiErrno.Success, guest.Symlink("f.txt", "c0"));
        for (var i = 1; i <= 40; i++)
        {
            Assert.Equal(WasiErrno.Success, guest.Symlink("c" + (i - 1), "c" + i));
        }

        Assert.Equal(WasiErrno.Success, guest.Open("c39", out var chained));
        Assert.Equal(WasiErrno.Success, guest.Read(chained, out var text));
        Assert.Equal("hello", text);
        Assert.Equal(WasiErrno.Loop, guest.Open("c40", out _));
        AssertNothingLeaked(fixture, guest);
    }

    [Theory]
    [MemberData(nameof(Lookups))]
    public void OutwardLinksAndAbsolutePathsAreRefusedForEveryCall(bool walk)
    {
        Use(walk);
        using var fixture = new SandboxFixture();
        using var guest = new HostileGuest(fixture.Box);
        Assert.Equal(WasiErrno.Success, guest.Symlink("..", "parent"));
        Assert.Equal(WasiErrno.NotPermitted, guest.Symlink(fixture.Canary, "absolute"));
        Assert.Equal(WasiErrno.NotPermitted, guest.Open("parent/canary.txt", out _, write: true));
        Assert.Equal(WasiErrno.NotPermitted, guest.Open(fixture.Canary, out _));
        Assert.Equal(WasiErrno.NotPermitted, guest.Rename("parent/canary.txt", "stolen.txt"));
        Assert.Equal(WasiErrno.NotPermitted, guest.Rename("f.txt", "parent/canary.txt"));
        Assert.Equal(WasiErrno.NotPermitted, guest.Unlink("parent/canary.txt"));
        Assert.Equal(WasiErrno.NotPermitted, guest.Symlink("x", "parent/planted"));
        var (p, n) = (0x9000u, (uint)System.Text.Encoding.UTF8.GetByteCount("parent/canary.txt"));
        guest.Memory.Write(p, System.Text.Encoding.UTF8.GetBytes("parent/canary.txt"));
        Assert.Equal(WasiErrno.NotPermitted, guest.Wasi.PathFilestatSetTimes(guest.Memory, HostileGuest.Preopen, 1, p, n, 0, 0, (uint)WasiFstFlags.ModificationTimeNow));
        Assert.Equal(WasiErrno.NotPermitted, guest.Wasi.PathFilestatGet(guest.Memory, HostileGuest.Preopen, 1, p, n, 0x1000));
        Assert.Equal(WasiErrno.NotPermitted, guest.Wasi.PathReadlink(guest.Memory, HostileGuest.Preopen, p, n, 0x2000, 64, 0x1000));
        Assert.False(File.Exists(Path.Combine(fixture.Parent, "planted")));
        AssertNothingLeaked(fixture, guest);
    }

    /// <summary>Chooses the lookup for this thread (and checks the choice took).</summary>
    internal static void Use(bool walk)
    {
        WasiSandbox.ForceWalk(walk);
        Assert.True(!walk || !WasiSandbox.UsesOpenat2);
    }

    private static void AssertNothingLeaked(SandboxFixture fixture, HostileGuest guest)
    {
        WasiSandbox.ForceWalk(false);
        fixture.AssertCanaryUntouched();
        Assert.DoesNotContain(SandboxFixture.CanaryText, guest.Seen.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("canary.txt", guest.Seen.ToString(), StringComparison.Ordinal);
        Assert.Equal(["box", "canary.txt"], Directory.GetFileSystemEntries(fixture.Parent).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
