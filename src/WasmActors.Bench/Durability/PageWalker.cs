using System.Globalization;

namespace WasmActors.Bench.Durability;

/// <summary>
/// The failover workload: a WASI command that writes a word into each 4 KiB page of its 16 MiB memory, prints
/// "ready", then reads the pages one after the other with a little work in between and prints one letter per page
/// read (from a checksum of everything read so far) and a newline at the end. A copy-on-write fork of it at page
/// granularity faults each page in on its read, so its output shows each page answered as it arrives, and any wrong
/// or lost page changes every letter after it.
/// </summary>
internal static class PageWalker
{
    public const int Pages = 4096;

    public static byte[] Build(int workPerPage) => Wasmtime.Module.ConvertText($$"""
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory {{(Pages / 16).ToString(CultureInfo.InvariantCulture)}})
          ;; "ready\n" at 16 with its iovec at 24; the letter at 48 with its iovec at 64 (all in page 0, never read back).
          (data (i32.const 16) "ready\n")
          (data (i32.const 24) "\10\00\00\00\06\00\00\00")
          (data (i32.const 64) "\30\00\00\00\01\00\00\00")
          (func (export "_start")
            (local $a i32) (local $x i32) (local $i i32) (local $sum i32)
            (local.set $a (i32.const 4096))
            (loop $fill
              (i32.store (local.get $a) (i32.mul (i32.add (local.get $a) (i32.const 7)) (i32.const -1640531535)))
              (local.set $a (i32.add (local.get $a) (i32.const 4096)))
              (br_if $fill (i32.lt_u (local.get $a) (i32.const {{(Pages * 4096).ToString(CultureInfo.InvariantCulture)}}))))
            (drop (call $fd_write (i32.const 1) (i32.const 24) (i32.const 1) (i32.const 36)))
            (local.set $a (i32.const 4096))
            (loop $walk
              (local.set $i (i32.const 0))
              (loop $work
                (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1664525)) (i32.const 1013904223)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br_if $work (i32.lt_u (local.get $i) (i32.const {{workPerPage.ToString(CultureInfo.InvariantCulture)}}))))
              (local.set $sum (i32.add (i32.rotl (local.get $sum) (i32.const 5)) (i32.xor (local.get $x) (i32.load (local.get $a)))))
              (i32.store8 (i32.const 48) (i32.add (i32.const 97) (i32.and (i32.shr_u (local.get $sum) (i32.const 7)) (i32.const 15))))
              (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 72)))
              (local.set $a (i32.add (local.get $a) (i32.const 4096)))
              (br_if $walk (i32.lt_u (local.get $a) (i32.const {{(Pages * 4096).ToString(CultureInfo.InvariantCulture)}}))))
            (i32.store8 (i32.const 48) (i32.const 10))
            (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 72)))))
        """);
}
