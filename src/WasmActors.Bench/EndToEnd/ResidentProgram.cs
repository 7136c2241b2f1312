using System.Globalization;

namespace WasmActors.Bench.EndToEnd;

/// <summary>
/// The live-migration workload: a WASI command with a linear memory of the given size that first writes every
/// 4 KiB page (as bigmem does, so the whole memory is resident and non-zero), prints "ready", then runs until
/// stopped: each step updates a word of a 256 KiB hot table chosen by an LCG and reads a word anywhere in memory.
/// So its state is large and its write set is small, as in a long-running service; bigmem itself ends within
/// milliseconds of writing its memory, before a migration could start.
/// </summary>
internal static class ResidentProgram
{
    /// <summary>The memory sizes the workload can be built with: powers of two from 1 to 1024 MiB.</summary>
    public static bool IsValidSize(int mebibytes) => mebibytes is >= 1 and <= 1024 && (mebibytes & (mebibytes - 1)) == 0;

    public static byte[] Build(int mebibytes)
    {
        if (!IsValidSize(mebibytes))
        {
            throw new ArgumentOutOfRangeException(nameof(mebibytes), "a power of two from 1 to 1024 MiB");
        }

        var bytes = (long)mebibytes << 20;
        var wat = $$"""
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") {{mebibytes * 16}})
              ;; "ready\n" at 16 and its iovec at 24: offsets the fill pass (every 64th byte) never writes.
              (data (i32.const 16) "ready\n")
              (data (i32.const 24) "\10\00\00\00\06\00\00\00")
              (func (export "_start")
                (local $a i32) (local $x i32) (local $sum i32)
                (loop $fill
                  (i32.store (local.get $a) (i32.mul (i32.add (local.get $a) (i32.const 1)) (i32.const -1640531535)))
                  (local.set $a (i32.add (local.get $a) (i32.const 64)))
                  (br_if $fill (i32.lt_u (local.get $a) (i32.const {{(bytes - 1).ToString(CultureInfo.InvariantCulture)}}))))
                (drop (call $fd_write (i32.const 1) (i32.const 24) (i32.const 1) (i32.const 36)))
                (local.set $x (i32.const 1))
                (loop $run
                  (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1664525)) (i32.const 1013904223)))
                  (local.set $a (i32.add (i32.const 65536) (i32.and (local.get $x) (i32.const 0x3fffc))))
                  (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (local.get $x)))
                  (local.set $sum (i32.add (local.get $sum) (i32.load (i32.and (i32.rotl (local.get $x) (i32.const 13)) (i32.const {{(bytes - 4).ToString(CultureInfo.InvariantCulture)}})))))
                  (br $run))))
            """;
        return Wasmtime.Module.ConvertText(wat);
    }
}
