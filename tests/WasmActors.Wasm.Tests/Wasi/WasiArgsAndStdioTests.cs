using System.Text;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Wasm.Tests.Wasi;

public sealed class WasiArgsAndStdioTests
{
    [Fact]
    public void ArgsAreNulTerminatedUtf8WithPointers()
    {
        using var h = new WasiHarness(c => c with { Arguments = ["prog", "héllo", ""] });
        var count = h.Alloc(4);
        var size = h.Alloc(4);
        Assert.Equal(WasiErrno.Success, h.Wasi.ArgsSizesGet(h.Memory, count, size));
        Assert.Equal(3u, h.U32(count));
        Assert.Equal(5u + 7u + 1u, h.U32(size));

        var pointers = h.Alloc(12);
        var buffer = h.Alloc(h.U32(size));
        Assert.Equal(WasiErrno.Success, h.Wasi.ArgsGet(h.Memory, pointers, buffer));
        Assert.Equal(buffer, h.U32(pointers));
        Assert.Equal("héllo\0", h.ReadText(h.U32(pointers + 4), 7));
        Assert.Equal(buffer + 12, h.U32(pointers + 8));
        Assert.Equal(0, h.Memory.Load<byte>(buffer + 12));
    }

    [Fact]
    public void EnvironmentIsListedAsNameValuePairs()
    {
        using var h = new WasiHarness(c => c with { Environment = WasiConfig.ParseEnvironment(["A=1", "PATH=/x=y"]) });
        var count = h.Alloc(4);
        var size = h.Alloc(4);
        Assert.Equal(WasiErrno.Success, h.Wasi.EnvironSizesGet(h.Memory, count, size));
        Assert.Equal(2u, h.U32(count));
        var pointers = h.Alloc(8);
        var buffer = h.Alloc(h.U32(size));
        Assert.Equal(WasiErrno.Success, h.Wasi.EnvironGet(h.Memory, pointers, buffer));
        Assert.Equal("PATH=/x=y", h.ReadText(h.U32(pointers + 4), 9));
        Assert.Throws<FormatException>(() => WasiConfig.ParseEnvironment(["NOEQUALS"]));
    }

    [Fact]
    public void ArgsGetOutsideMemoryTraps()
    {
        using var h = new WasiHarness(c => c with { Arguments = ["prog", "x"] });
        var trap = Assert.Throws<WasmTrapException>(() => h.Wasi.ArgsGet(h.Memory, 65532, 100));
        Assert.Equal(TrapMessages.OutOfBoundsMemory, trap.Reason);
    }

    [Fact]
    public void FdWriteGathersIovecsToStdout()
    {
        using var h = new WasiHarness();
        var a = h.Put("hello, ");
        var b = h.Put("world\n");
        var written = h.Alloc(4);
        Assert.Equal(WasiErrno.Success, h.Wasi.FdWrite(h.Memory, 1, h.Iovecs(a, b), 2, written));
        Assert.Equal(13u, h.U32(written));
        Assert.Equal("hello, world\n", h.StdoutText);
        Assert.Equal(WasiErrno.Success, h.Wasi.FdWrite(h.Memory, 2, h.Iovecs(b), 1, written));
        Assert.Equal("world\n", Encoding.UTF8.GetString(h.Stderr.ToArray()));
    }

    [Fact]
    public void FdReadScattersStdinAndReportsEndOfInput()
    {
        using var h = new WasiHarness(stdin: Encoding.UTF8.GetBytes("abcdefg"));
        var first = h.Alloc(4);
        var second = h.Alloc(10);
        var got = h.Alloc(4);
        Assert.Equal(WasiErrno.Success, h.Wasi.FdRead(h.Memory, 0, h.Iovecs((first, 4), (second, 10)), 2, got));
        Assert.Equal(7u, h.U32(got));
        Assert.Equal("abcd", h.ReadText(first, 4));
        Assert.Equal("efg", h.ReadText(second, 3));
        Assert.Equal(WasiErrno.Success, h.Wasi.FdRead(h.Memory, 0, h.Iovecs((first, 4)), 1, got));
        Assert.Equal(0u, h.U32(got));
    }

    [Fact]
    public void StreamsRefuseTheWrongDirectionAndSeeking()
    {
        using var h = new WasiHarness();
        Assert.Equal(WasiErrno.BadFd, h.Write(0, "x"));
        Assert.Equal(WasiErrno.BadFd, h.Read(1, 4, out _));
        Assert.Equal(WasiErrno.InvalidSeek, h.Wasi.FdSeek(h.Memory, 1, 0, 0, h.Alloc(8)));
        Assert.Equal(WasiErrno.InvalidSeek, h.Wasi.FdTell(h.Memory, 1, h.Alloc(8)));
        Assert.Equal(WasiErrno.BadFd, h.Write(99, "x"));
        Assert.Equal(WasiErrno.BadFd, h.Write(uint.MaxValue, "x"));
    }

    [Fact]
    public void TooManyIovecsIsEinvalAndABadBufferTrapsBeforeWritingAnything()
    {
        using var h = new WasiHarness();
        var written = h.Alloc(4);
        Assert.Equal(WasiErrno.Invalid, h.Wasi.FdWrite(h.Memory, 1, h.Alloc(8), 1025, written));
        var good = h.Put("visible?");
        var iovs = h.Iovecs(good, (65530, 100));
        Assert.Throws<WasmTrapException>(() => h.Wasi.FdWrite(h.Memory, 1, iovs, 2, written));
        Assert.Equal(0, h.Stdout.Length);
        Assert.Throws<WasmTrapException>(() => h.Wasi.FdWrite(h.Memory, 1, 65532, 1, written));
    }

    [Fact]
    public void LargeWritesAreCappedAndReportedAsPartial()
    {
        using var h = new WasiHarness(c => c with { MaxTransferBytes = 10 });
        var text = h.Put("0123456789abcdef");
        var written = h.Alloc(4);
        Assert.Equal(WasiErrno.Success, h.Wasi.FdWrite(h.Memory, 1, h.Iovecs(text), 1, written));
        Assert.Equal(10u, h.U32(written));
        Assert.Equal("0123456789", h.StdoutText);
    }

    [Fact]
    public void ATransferLimitBelowOneByteIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WasiContext(new WasiConfig { MaxTransferBytes = 0 }));
    }

    [Theory]
    [InlineData(false, (byte)WasiFileType.Unknown)]
    [InlineData(true, (byte)WasiFileType.CharacterDevice)]
    public void StdoutFdstatTellsWhetherItIsATerminal(bool terminal, byte expected)
    {
        using var h = new WasiHarness(c => c with { StandardStreamsAreTerminals = terminal });
        var stat = h.Alloc(24);
        Assert.Equal(WasiErrno.Success, h.Wasi.FdFdstatGet(h.Memory, 1, stat));
        Assert.Equal(expected, h.Memory.Load<byte>(stat));
        var rights = (WasiRights)h.U64(stat + 8);
        Assert.True(rights.HasFlag(WasiRights.FdWrite));
        Assert.False(rights.HasFlag(WasiRights.FdSeek), "wasi-libc's isatty requires a stream without seek");
    }
}
