namespace WasmActors.Actors.Tests;

/// <summary>
/// A test program that writes a word into each 4 KiB page of its 16 MiB memory, prints "ready", then reads the pages
/// one after the other with steps of work in between (a million unless asked) and prints a checksum of what it read
/// (8 hex digits). A copy-on-write fork of it snapshotted after "ready" faults its pages in one at a time.
/// </summary>
internal static class PageReader
{
    private static readonly Lazy<byte[]> Module = new(() => Build(1_000_000));

    public static byte[] Wasm => Module.Value;

    /// <summary>
    /// The start of a module whose _start first writes a word (its address + 7) into each 4 KiB page of its 16 MiB
    /// memory above the first and prints "ready"; locals $a, $x, $i, $sum and $n are declared for what follows.
    /// </summary>
    public const string FillThenReady = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory 256)
          (data (i32.const 16) "ready\n")
          (data (i32.const 24) "\10\00\00\00\06\00\00\00")
          (data (i32.const 64) "\30\00\00\00\09\00\00\00")
          (func (export "_start")
            (local $a i32) (local $x i32) (local $i i32) (local $sum i32) (local $n i32)
            (local.set $a (i32.const 4096))
            (loop $fill
              (i32.store (local.get $a) (i32.add (local.get $a) (i32.const 7)))
              (local.set $a (i32.add (local.get $a) (i32.const 4096)))
              (br_if $fill (i32.lt_u (local.get $a) (i32.const 16777216))))
            (drop (call $fd_write (i32.const 1) (i32.const 24) (i32.const 1) (i32.const 36)))
        """;

    /// <summary>The reader with <paramref name="workPerPage"/> steps of work between two pages.</summary>
    public static byte[] Build(int workPerPage) => Wasmtime.Module.ConvertText(FillThenReady + $$"""
            (local.set $a (i32.const 4096))
            (loop $read
              (local.set $i (i32.const 0))
              (loop $work
                (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1664525)) (i32.const 1013904223)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br_if $work (i32.lt_u (local.get $i) (i32.const {{workPerPage}}))))
              (local.set $sum (i32.add (i32.rotl (local.get $sum) (i32.const 5)) (i32.xor (local.get $x) (i32.load (local.get $a)))))
              (local.set $a (i32.add (local.get $a) (i32.const 4096)))
              (br_if $read (i32.lt_u (local.get $a) (i32.const 16777216))))
            (local.set $i (i32.const 0))
            (loop $hex
              (local.set $n (i32.and (i32.shr_u (local.get $sum) (i32.sub (i32.const 28) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 15)))
              (i32.store8 (i32.add (i32.const 48) (local.get $i))
                (select (i32.add (local.get $n) (i32.const 48)) (i32.add (local.get $n) (i32.const 87)) (i32.lt_u (local.get $n) (i32.const 10))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $hex (i32.lt_u (local.get $i) (i32.const 8))))
            (i32.store8 (i32.const 56) (i32.const 10))
            (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 72)))))
        """);
}
