using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Snapshot.Tests.Wasi;

/// <summary>
/// The reopen escape, through a real snapshot and restore: a program opens d/secret.txt read-write, renames d away
/// and puts a link to ".." in its place (so "d/secret.txt" now names the canary beside the preopen), then is
/// snapshotted mid-run and restored as a fork. The fork's descriptor must reach the file it had open (found where it
/// now is) or, when that file is gone, fail with EPERM; it must never read or write the canary.
/// </summary>
public sealed class WasiReopenEscapeTests
{
    private const string Canary = "CANARY-reopen-5e2b";

    private const string Wat = """
        (module
          (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "path_rename" (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "path_unlink_file" (func $path_unlink_file (param i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "d/secret.txt")
          (data (i32.const 32) "d")
          (data (i32.const 40) "moved")
          (data (i32.const 48) "..")
          (data (i32.const 56) "PWNED")
          (data (i32.const 64) "moved/secret.txt")
          (func (export "run") (param $delete i32) (local $i i32)
            (i32.store (i32.const 200) (call $path_open (i32.const 3) (i32.const 1) (i32.const 16) (i32.const 12) (i32.const 0)
              (i64.const 0x1FFFFFFF) (i64.const 0x1FFFFFFF) (i32.const 0) (i32.const 100)))
            (i32.store (i32.const 204) (call $path_rename (i32.const 3) (i32.const 32) (i32.const 1) (i32.const 3) (i32.const 40) (i32.const 5)))
            (i32.store (i32.const 208) (call $path_symlink (i32.const 48) (i32.const 2) (i32.const 3) (i32.const 32) (i32.const 1)))
            (if (local.get $delete)
              (then (drop (call $path_unlink_file (i32.const 3) (i32.const 64) (i32.const 16)))))
            ;; The host snapshots somewhere in this loop.
            (loop $spin
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $spin (i32.lt_u (local.get $i) (i32.const 100000))))
            (i32.store (i32.const 300) (i32.const 400))
            (i32.store (i32.const 304) (i32.const 64))
            (i32.store (i32.const 212) (call $fd_read (i32.load (i32.const 100)) (i32.const 300) (i32.const 1) (i32.const 308)))
            (i32.store (i32.const 320) (i32.const 56))
            (i32.store (i32.const 324) (i32.const 5))
            (i32.store (i32.const 216) (call $fd_write (i32.load (i32.const 100)) (i32.const 320) (i32.const 1) (i32.const 328)))
            (i32.store (i32.const 220) (call $fd_filestat_get (i32.load (i32.const 100)) (i32.const 512)))
            ;; Print the six errnos, then whatever was read.
            (i32.store (i32.const 340) (i32.const 200))
            (i32.store (i32.const 344) (i32.const 24))
            (i32.store (i32.const 348) (i32.const 400))
            (i32.store (i32.const 352) (i32.const 64))
            (drop (call $fd_write (i32.const 1) (i32.const 340) (i32.const 2) (i32.const 360)))))
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_restored_descriptor_never_reopens_through_the_swapped_link(bool deleteTheFile)
    {
        var parent = Directory.CreateTempSubdirectory("wasi-reopen-").FullName;
        try
        {
            var box = Directory.CreateDirectory(Path.Combine(parent, "box")).FullName;
            Directory.CreateDirectory(Path.Combine(box, "d"));
            File.WriteAllText(Path.Combine(box, "d", "secret.txt"), "inner");
            var canary = Path.Combine(parent, "secret.txt");
            File.WriteAllText(canary, Canary);
            var canaryTime = new DateTime(2020, 2, 2, 0, 0, 0, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(canary, canaryTime);

            var before = new MemoryStream();
            using var wasi = new WasiContext(new WasiConfig { Preopens = [new WasiPreopen(box, "/data")], StandardOutput = before });
            var store = new Store();
            var instance = Instantiator.Instantiate(store, ModuleBinaries.Load(Programs.Binary(Wat)), WasiModule.Define(new Linker(), wasi));
            var machine = new Machine(store);
            machine.Start(instance.GetFunction("run"), [deleteTheFile ? 1UL : 0UL]);
            machine.Fuel = 2_000;
            Assert.Equal(RunStatus.Paused, machine.Run());
            var snapshot = SnapshotWriter.Capture(store, machine, [WasiState.Capture(wasi)]);

            var after = new MemoryStream();
            using var forkWasi = WasiState.Restore(snapshot.Manifest.Conf.HostState, new WasiConfig { Preopens = [new WasiPreopen(box, "/data")], StandardOutput = after });
            var fork = SnapshotRestorer.Restore(
                new LocalSnapshotSource(snapshot),
                new RestoreOptions { HostImports = WasiModule.Define(new Linker(), forkWasi) });
            fork.Machine!.Fuel = null;
            Assert.Equal(RunStatus.Completed, fork.Machine.Run());

            var printed = after.ToArray();
            var errnos = Enumerable.Range(0, 6).Select(i => BitConverter.ToInt32(printed, i * 4)).ToArray();
            var read = System.Text.Encoding.UTF8.GetString(printed, 24, 64).TrimEnd('\0');
            Assert.Equal([0, 0, 0], errnos[..3]);
            if (deleteTheFile)
            {
                // Its file is gone, and its recorded path now leads out: read, write and stat fail as Wasmtime
                // fails a path_open that would leave the preopen.
                Assert.Equal([(int)WasiErrno.NotPermitted, (int)WasiErrno.NotPermitted, (int)WasiErrno.NotPermitted], errnos[3..]);
                Assert.Equal("", read);
            }
            else
            {
                Assert.Equal([0, 0, 0], errnos[3..]);
                Assert.Equal("inner", read);
                Assert.Equal("innerPWNED", File.ReadAllText(Path.Combine(box, "moved", "secret.txt")));
            }

            Assert.Equal(Canary, File.ReadAllText(canary));
            Assert.Equal(canaryTime, File.GetLastWriteTimeUtc(canary));
            Assert.DoesNotContain(Canary, System.Text.Encoding.UTF8.GetString(printed), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
