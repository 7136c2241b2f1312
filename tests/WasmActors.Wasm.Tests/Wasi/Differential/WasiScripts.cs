namespace WasmActors.Wasm.Tests.Wasi.Differential;

/// <summary>The table of scripts <see cref="WasiDifferentialTests"/> runs in both engines.</summary>
public static class WasiScripts
{
    private const int Preopen = 3;

    public static IEnumerable<WasiScript> All =>
    [
        new("open and read", new Open(Preopen, "f.txt"), new Read(Fd.Of(0)), new Stat(Fd.Of(0))),
        new("open a directory and list it", new Open(Preopen, "d", Open.Directory), new Readdir(Fd.Of(0)), new Stat(Fd.Of(0)), new Open(Fd.Of(0), "secret.txt"), new Read(Fd.Of(3))),
        new("dot-dot out of the preopen", new Open(Preopen, "../canary.txt"), new Open(Preopen, ".."), new Open(Preopen, "d/../../canary.txt"), new Stat(Preopen, "../canary.txt"), new Stat(Preopen, ".."), new Open(Preopen, "d/.."), new Read(Fd.Of(5))),
        new("dot-dot inside the preopen", new Open(Preopen, "d/../f.txt"), new Read(Fd.Of(0)), new Open(Preopen, "./d/./secret.txt"), new Read(Fd.Of(2))),
        new("absolute paths", new Open(Preopen, "/etc/passwd"), new Open(Preopen, "/data/f.txt"), new Stat(Preopen, "/"), new OnPath("path_create_directory", Preopen, "/tmp/x")),
        new("a relative link out", new Symlink("../canary.txt", Preopen, "l"), new Open(Preopen, "l"), new Stat(Preopen, "l", Follow: false), new Stat(Preopen, "l"), new Readlink(Preopen, "l"), new Open(Preopen, "l", Follow: false), new Write(Preopen, "x"), new SetTimes(Preopen, "l")),
        new("an absolute link", new Symlink("/etc/passwd", Preopen, "abs"), new Open(Preopen, "abs")),
        new("a link inside", new Symlink("d/secret.txt", Preopen, "in"), new Open(Preopen, "in"), new Read(Fd.Of(1)), new Stat(Preopen, "in", Follow: false), new Open(Preopen, "in", Follow: false), new OnPath("path_unlink_file", Preopen, "in"), new Stat(Preopen, "d/secret.txt")),
        new("link loops", new Symlink("loop2", Preopen, "loop1"), new Symlink("loop1", Preopen, "loop2"), new Open(Preopen, "loop1"), new Stat(Preopen, "loop1"), new Stat(Preopen, "loop1", Follow: false), new Symlink("self/x", Preopen, "self"), new Open(Preopen, "self")),
        new("readdir after its directory is swapped for a link out",
            new Open(Preopen, "d", Open.Directory), new Rename(Preopen, "d", Preopen, "t"), new Symlink("../../..", Preopen, "d"),
            new Readdir(Fd.Of(0)), new Stat(Fd.Of(0)), new SetTimes(Fd.Of(0)), new Open(Fd.Of(0), "secret.txt"), new Read(Fd.Of(6)), new Open(Preopen, "d/canary.txt")),
        new("renumber onto stdout, close it, open twice",
            new Open(Preopen, "f.txt"), new Renumber(Fd.Of(0), 1), new Close(1), new Open(Preopen, "f.txt"), new Open(Preopen, "d/secret.txt"), new Open(Preopen, "e", Open.Directory)),
        new("close in the middle, open again",
            new Open(Preopen, "f.txt"), new Open(Preopen, "f.txt"), new Open(Preopen, "f.txt"), new Close(Fd.Of(0)), new Close(Fd.Of(1)), new Open(Preopen, "f.txt"), new Open(Preopen, "f.txt"), new Open(Preopen, "f.txt")),
        new("close the highest, open again",
            new Open(Preopen, "f.txt"), new Open(Preopen, "f.txt"), new Close(Fd.Of(1)), new Close(Fd.Of(0)), new Open(Preopen, "f.txt"), new Open(Preopen, "f.txt")),
        new("renumber errors", new Renumber(Preopen, 9), new Renumber(9, Preopen), new Open(Preopen, "f.txt"), new Renumber(Fd.Of(2), Fd.Of(2)), new Renumber(Fd.Of(2), 0), new Open(Preopen, "f.txt")),
        new("create and remove",
            new OnPath("path_create_directory", Preopen, "n"), new OnPath("path_create_directory", Preopen, "n"), new OnPath("path_create_directory", Preopen, "x/y"),
            new OnPath("path_remove_directory", Preopen, "."), new OnPath("path_remove_directory", Preopen, "d"), new OnPath("path_unlink_file", Preopen, "d"),
            new OnPath("path_unlink_file", Preopen, "f.txt/"), new OnPath("path_unlink_file", Preopen, "nope"), new OnPath("path_remove_directory", Preopen, "f.txt"),
            new OnPath("path_remove_directory", Preopen, "n"), new OnPath("path_create_directory", Preopen, "../out"), new OnPath("path_unlink_file", Preopen, "../canary.txt"),
            new OnPath("path_remove_directory", Preopen, "../box"), new OnPath("path_create_directory", Preopen, "e/")),
        new("stat", new Stat(Preopen, "f.txt"), new Stat(Preopen, "."), new Stat(Preopen, "nope"), new Stat(Preopen, "f.txt/"), new Stat(Preopen, "d/"), new Stat(Preopen, "f.txt/x")),
        new("rename", new Rename(Preopen, "f.txt", Preopen, "g.txt"), new Rename(Preopen, "g.txt", Preopen, "../stolen.txt"), new Rename(Preopen, "../canary.txt", Preopen, "c.txt"),
            new Rename(Preopen, "d", Preopen, "d/inner"), new Rename(Preopen, "g.txt", Preopen, "e"), new Rename(Preopen, "e", Preopen, "g.txt"), new Rename(Preopen, "nope", Preopen, "x")),
        new("open flags", new Open(Preopen, "f.txt", Open.Directory), new Open(Preopen, "d", Write: true), new Open(Preopen, "new.txt", Open.Create, Write: true), new Write(Fd.Of(2), "abc"),
            new Open(Preopen, "new.txt", Open.Create | Open.Exclusive), new Open(Preopen, "f.txt", Open.Truncate, Write: true), new Open(Preopen, "missing"), new Open(Preopen, "f.txt/"), new Open(Preopen, "d/")),
        new("a file is no directory", new Open(Preopen, "f.txt"), new Open(Fd.Of(0), "x"), new Readdir(Fd.Of(0)), new Readdir(Preopen), new Readdir(9)),
        new("links to directories", new Symlink("d", Preopen, "dl"), new Open(Preopen, "dl", Open.Directory), new Open(Preopen, "dl/secret.txt"), new Read(Fd.Of(2)),
            new Open(Preopen, "dl", Open.Directory, Follow: false), new Stat(Preopen, "dl/", Follow: false), new OnPath("path_remove_directory", Preopen, "dl"), new OnPath("path_unlink_file", Preopen, "dl/")),
        new("a deleted directory's descriptor", new Open(Preopen, "e", Open.Directory), new OnPath("path_remove_directory", Preopen, "e"), new Readdir(Fd.Of(0)),
            new Open(Fd.Of(0), "x", Open.Create, Write: true), new OnPath("path_create_directory", Fd.Of(0), "y"), new Open(Fd.Of(0), "..")),
        new("rename onto and through links", new Symlink("..", Preopen, "up"), new Rename(Preopen, "f.txt", Preopen, "up"), new Rename(Preopen, "up", Preopen, "up2"),
            new Open(Preopen, "up2/canary.txt"), new Rename(Preopen, "up2/canary.txt", Preopen, "c"), new Readlink(Preopen, "up2/")),
        new("misaligned filestat", new Stat(Preopen, At: WasiScript.StatBuffer + 1)),
        new("misaligned path_filestat", new Stat(Preopen, "f.txt", At: WasiScript.StatBuffer + 4)),
        new("misaligned path_open result", new Open(Preopen, "f.txt", Out: 0x5001)),
        new("misaligned prestat", new Raw("(call $fd_prestat_get (i32.const 3) (i32.const 0x5002))")),
        new("misaligned seek result", new Open(Preopen, "f.txt"), new Raw("(call $fd_seek (i32.load (i32.const 0x4004)) (i64.const 0) (i32.const 0) (i32.const 0x5004))")),
        new("misaligned iovec array", new Open(Preopen, "f.txt"), new Raw("(call $fd_read (i32.load (i32.const 0x4004)) (i32.const 0x3001) (i32.const 1) (i32.const 0x5000))")),
        new("misaligned fdstat", new Raw("(call $fd_fdstat_get (i32.const 3) (i32.const 0x5001))")),
    ];
}
