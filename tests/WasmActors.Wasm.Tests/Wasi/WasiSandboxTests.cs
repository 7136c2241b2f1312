using System.Text;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Wasm.Tests.Wasi;

/// <summary>No guest path reaches outside its preopened directory: not through "..", absolute paths or links.</summary>
public sealed class WasiSandboxTests
{
    [Theory]
    [InlineData("../outside/secret")]
    [InlineData("a/../../outside/secret")]
    [InlineData("./../outside/secret")]
    [InlineData("..")]
    public void DotDotCannotClimbOutOfThePreopen(string path)
    {
        using var h = new WasiHarness();
        Directory.CreateDirectory(Path.Combine(h.Root, "a"));
        Assert.Equal(WasiErrno.NotPermitted, h.Open(path, out _));
    }

    [Fact]
    public void AMissingOrFileIntermediateComponentFailsBeforeAnyDotDot()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.Root, "file"), "x");
        Assert.Equal(WasiErrno.NoEntry, h.Open("missing/../../outside/secret", out _));
        Assert.Equal(WasiErrno.NotDirectory, h.Open("file/../file", out _));
        Assert.Equal(WasiErrno.NotDirectory, h.OnPath(h.Wasi.PathCreateDirectory, "file/x"));
    }

    [Fact]
    public void AbsolutePathsAreRefused()
    {
        using var h = new WasiHarness();
        Assert.Equal(WasiErrno.NotPermitted, h.Open(Path.Combine(h.Outside, "secret"), out _));
        Assert.Equal(WasiErrno.NotPermitted, h.Open("/etc/passwd", out _));
    }

    [Fact]
    public void DotDotThatStaysInsideIsFine()
    {
        using var h = new WasiHarness();
        Directory.CreateDirectory(Path.Combine(h.Root, "a"));
        Assert.Equal(WasiErrno.Success, h.Open("a/../b.txt", out var fd, WasiOpenFlags.Create));
        Assert.Equal(WasiErrno.Success, h.Write(fd, "inside"));
        Assert.Equal("inside", File.ReadAllText(Path.Combine(h.Root, "b.txt")));
    }

    [Fact]
    public void ASymlinkInsidePointingOutsideByAbsolutePathIsRefused()
    {
        using var h = new WasiHarness();
        File.CreateSymbolicLink(Path.Combine(h.Root, "escape"), Path.Combine(h.Outside, "secret"));
        Assert.Equal(WasiErrno.NotPermitted, h.Open("escape", out _));
        var stat = h.Alloc(64);
        var (p, n) = h.Put("escape");
        Assert.Equal(WasiErrno.NotPermitted, h.Wasi.PathFilestatGet(h.Memory, 3, 1, p, n, stat));
    }

    [Fact]
    public void ASymlinkInsidePointingOutsideByRelativePathIsRefused()
    {
        using var h = new WasiHarness();
        File.CreateSymbolicLink(Path.Combine(h.Root, "escape"), "../outside/secret");
        Assert.Equal(WasiErrno.NotPermitted, h.Open("escape", out _));
    }

    [Fact]
    public void ADirectorySymlinkCannotBeUsedAsAStepOutside()
    {
        using var h = new WasiHarness();
        Directory.CreateSymbolicLink(Path.Combine(h.Root, "door"), h.Outside);
        Directory.CreateSymbolicLink(Path.Combine(h.Root, "door2"), "../outside");
        Assert.Equal(WasiErrno.NotPermitted, h.Open("door/secret", out _));
        Assert.Equal(WasiErrno.NotPermitted, h.Open("door2/secret", out _));
        Assert.Equal(WasiErrno.NotPermitted, h.Open("door2/secret", out _, follow: false));
        Assert.Equal(WasiErrno.NotPermitted, h.OnPath(h.Wasi.PathUnlinkFile, "door2/secret"));
        Assert.True(File.Exists(Path.Combine(h.Outside, "secret")));
    }

    [Fact]
    public void ASymlinkThatStaysInsideIsFollowed()
    {
        using var h = new WasiHarness();
        Directory.CreateDirectory(Path.Combine(h.Root, "real"));
        File.WriteAllText(Path.Combine(h.Root, "real", "data.txt"), "linked content");
        File.CreateSymbolicLink(Path.Combine(h.Root, "real", "alias"), "data.txt");
        Directory.CreateSymbolicLink(Path.Combine(h.Root, "shortcut"), "real");
        Assert.Equal(WasiErrno.Success, h.Open("shortcut/alias", out var fd));
        Assert.Equal(WasiErrno.Success, h.Read(fd, 64, out var text));
        Assert.Equal("linked content", text);
    }

    [Fact]
    public void NotFollowingAFinalSymlinkIsEloopAndLinkLoopsAreEloop()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.Root, "target"), "x");
        File.CreateSymbolicLink(Path.Combine(h.Root, "link"), "target");
        File.CreateSymbolicLink(Path.Combine(h.Root, "loop1"), "loop2");
        File.CreateSymbolicLink(Path.Combine(h.Root, "loop2"), "loop1");
        Assert.Equal(WasiErrno.Loop, h.Open("link", out _, follow: false));
        Assert.Equal(WasiErrno.Loop, h.Open("loop1", out _));
    }

    [Fact]
    public void LongChainsOfLinksFullOfDotsResolveWithoutBlowingUp()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.Root, "end"), "reached");
        var padding = string.Concat(Enumerable.Repeat("./", 2000));
        for (var i = 0; i < 39; i++)
        {
            File.CreateSymbolicLink(Path.Combine(h.Root, $"l{i}"), padding + (i == 38 ? "end" : $"l{i + 1}"));
        }

        Assert.Equal(WasiErrno.Success, h.Open("l0", out var fd));
        Assert.Equal(WasiErrno.Success, h.Read(fd, 16, out var text));
        Assert.Equal("reached", text);
        File.CreateSymbolicLink(Path.Combine(h.Root, "l40"), padding + "l0");
        File.CreateSymbolicLink(Path.Combine(h.Root, "l41"), padding + "l40");
        Assert.Equal(WasiErrno.Success, h.Open("l40", out _));
        Assert.Equal(WasiErrno.Loop, h.Open("l41", out _));
    }

    [Fact]
    public void ADirectoryDescriptorIsItsOwnSandbox()
    {
        using var h = new WasiHarness();
        Directory.CreateDirectory(Path.Combine(h.Root, "sub"));
        File.WriteAllText(Path.Combine(h.Root, "sibling.txt"), "x");
        Assert.Equal(WasiErrno.Success, h.Open("sub", out var sub, WasiOpenFlags.Directory, WasiRights.FdReadDir | WasiRights.PathOpen));
        Assert.Equal(WasiErrno.NotPermitted, h.Open("../sibling.txt", out _, dirFd: sub));
        Assert.Equal(WasiErrno.Success, h.Open("made.txt", out _, WasiOpenFlags.Create, dirFd: sub));
        Assert.True(File.Exists(Path.Combine(h.Root, "sub", "made.txt")));
    }

    [Fact]
    public void ADirectorySwappedForAnOutwardLinkAfterOpeningIsNotFollowedOut()
    {
        using var h = new WasiHarness();
        var sub = Path.Combine(h.Root, "sub");
        Directory.CreateDirectory(sub);
        Assert.Equal(WasiErrno.Success, h.Open("sub", out var subFd, WasiOpenFlags.Directory));
        Directory.Delete(sub);
        Directory.CreateSymbolicLink(sub, h.Outside);

        // The descriptor holds the directory it opened, now deleted: nothing is found in it, and the link in its old
        // place is never consulted.
        Assert.Equal(WasiErrno.NoEntry, h.Open("secret", out _, dirFd: subFd));
        Assert.Equal(WasiErrno.NotPermitted, h.Open("sub/secret", out _));
    }

    [Fact]
    public void GuestSymlinksMayNotBeAbsoluteAndRelativeOnesCannotEscape()
    {
        using var h = new WasiHarness();
        var (target, targetLength) = h.Put(Path.Combine(h.Outside, "secret"));
        var (name, nameLength) = h.Put("mine");
        Assert.Equal(WasiErrno.NotPermitted, h.Wasi.PathSymlink(h.Memory, target, targetLength, 3, name, nameLength));

        var (relative, relativeLength) = h.Put("../outside/secret");
        Assert.Equal(WasiErrno.Success, h.Wasi.PathSymlink(h.Memory, relative, relativeLength, 3, name, nameLength));
        Assert.Equal(WasiErrno.NotPermitted, h.Open("mine", out _));

        var buffer = h.Alloc(64);
        var used = h.Alloc(4);
        Assert.Equal(WasiErrno.Success, h.Wasi.PathReadlink(h.Memory, 3, name, nameLength, buffer, 64, used));
        Assert.Equal("../outside/secret", h.ReadText(buffer, h.U32(used)));

        // Removing the link removes the link only.
        Assert.Equal(WasiErrno.Success, h.OnPath(h.Wasi.PathUnlinkFile, "mine"));
        Assert.Equal(WasiHarness.Secret, File.ReadAllText(Path.Combine(h.Outside, "secret")));
    }

    [Fact]
    public void RenameCannotMoveFilesOutOrIn()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.Root, "mine.txt"), "x");
        var (from, fromLength) = h.Put("mine.txt");
        var (to, toLength) = h.Put("../outside/stolen.txt");
        Assert.Equal(WasiErrno.NotPermitted, h.Wasi.PathRename(h.Memory, 3, from, fromLength, 3, to, toLength));
        var (secret, secretLength) = h.Put("../outside/secret");
        Assert.Equal(WasiErrno.NotPermitted, h.Wasi.PathRename(h.Memory, 3, secret, secretLength, 3, from, fromLength));
        Assert.False(File.Exists(Path.Combine(h.Outside, "stolen.txt")));
    }

    [Fact]
    public void MalformedPathsGetTheirOwnErrors()
    {
        using var h = new WasiHarness();
        Assert.Equal(WasiErrno.Invalid, h.Open("a\0b", out _));
        Assert.Equal(WasiErrno.NoEntry, h.Open("", out _));
        Assert.Equal(WasiErrno.NameTooLong, h.Open(new string('a', 300), out _, WasiOpenFlags.Create));
        var invalidUtf8 = h.PutBytes(new byte[] { 0x61, 0xFF, 0x62 });
        Assert.Equal(WasiErrno.IllegalSequence, h.Wasi.PathCreateDirectory(h.Memory, 3, invalidUtf8, 3));
        var longPath = h.PutBytes(Encoding.ASCII.GetBytes(new string('a', 5000)));
        Assert.Equal(WasiErrno.NameTooLong, h.Wasi.PathCreateDirectory(h.Memory, 3, longPath, 5000));
        Assert.Throws<WasmTrapException>(() => h.Wasi.PathCreateDirectory(h.Memory, 3, 65530, 100));
    }

    [Fact]
    public void PathFunctionsNeedADirectoryDescriptor()
    {
        using var h = new WasiHarness();
        Assert.Equal(WasiErrno.NotDirectory, h.Open("x", out _, WasiOpenFlags.Create, dirFd: 1));
        Assert.Equal(WasiErrno.BadFd, h.Open("x", out _, WasiOpenFlags.Create, dirFd: 77));
    }
}
