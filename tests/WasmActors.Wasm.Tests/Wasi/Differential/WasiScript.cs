using System.Globalization;
using System.Text;

namespace WasmActors.Wasm.Tests.Wasi.Differential;

/// <summary>A descriptor argument: a number, or the descriptor an earlier step's path_open returned.</summary>
public readonly record struct Fd(int Number, int FromStep = -1)
{
    public static implicit operator Fd(int number) => new(number);

    public static Fd Of(int step) => new(0, step);

    public string Wat => FromStep < 0 ? $"(i32.const {Number})" : $"(i32.load (i32.const {WasiScript.ResultAddress(FromStep) + 4}))";
}

/// <summary>
/// One WASI call of a script. Each step leaves 16 bytes in the result area: the errno, then what the call handed
/// back (a new descriptor, a count, a file type and size), so two engines' runs compare byte for byte.
/// </summary>
public abstract record WasiStep
{
    /// <summary>The WAT that makes the call and stores its results at <paramref name="result"/>.</summary>
    public abstract string Emit(WasiScript script, int result);

    protected static string Store(int address, string value) => $"(i32.store (i32.const {address}) {value})";
}

public sealed record Open(Fd Dir, string Path, int OpenFlags = 0, bool Follow = true, bool Write = false, int Out = -1) : WasiStep
{
    public const int Create = 1, Directory = 2, Exclusive = 4, Truncate = 8;

    public override string Emit(WasiScript script, int result)
    {
        var (p, n) = script.Text(Path);
        var rights = Write ? 0x1FFFFFFF : 0x1FFFFFBF; // everything, or everything but fd_write
        var fdOut = Out < 0 ? result + 4 : Out;
        return $"(i32.store (i32.const {result + 4}) (i32.const -1))\n" +
               Store(result, $"(call $path_open {Dir.Wat} (i32.const {(Follow ? 1 : 0)}) (i32.const {p}) (i32.const {n}) (i32.const {OpenFlags}) (i64.const {rights}) (i64.const 0x1FFFFFFF) (i32.const 0) (i32.const {fdOut}))");
    }
}

public sealed record Close(Fd Target) : WasiStep
{
    public override string Emit(WasiScript script, int result) => Store(result, $"(call $fd_close {Target.Wat})");
}

public sealed record Renumber(Fd From, Fd To) : WasiStep
{
    public override string Emit(WasiScript script, int result) => Store(result, $"(call $fd_renumber {From.Wat} {To.Wat})");
}

/// <summary>fd_read of up to 8 bytes into the result's last 8 bytes; the count read goes in the second word.</summary>
public sealed record Read(Fd Target) : WasiStep
{
    public override string Emit(WasiScript script, int result) =>
        $"(i32.store (i32.const {WasiScript.Iovec}) (i32.const {result + 8}))\n(i32.store (i32.const {WasiScript.Iovec + 4}) (i32.const 8))\n" +
        Store(result, $"(call $fd_read {Target.Wat} (i32.const {WasiScript.Iovec}) (i32.const 1) (i32.const {result + 4}))");
}

public sealed record Write(Fd Target, string Text) : WasiStep
{
    public override string Emit(WasiScript script, int result)
    {
        var (p, n) = script.Text(Text);
        return $"(i32.store (i32.const {WasiScript.Iovec}) (i32.const {p}))\n(i32.store (i32.const {WasiScript.Iovec + 4}) (i32.const {n}))\n" +
               Store(result, $"(call $fd_write {Target.Wat} (i32.const {WasiScript.Iovec}) (i32.const 1) (i32.const {result + 4}))");
    }
}

/// <summary>fd_readdir into a 4 KiB buffer: the errno and how many bytes came back (names' order may differ, their total does not).</summary>
public sealed record Readdir(Fd Target) : WasiStep
{
    public override string Emit(WasiScript script, int result) =>
        Store(result, $"(call $fd_readdir {Target.Wat} (i32.const {WasiScript.Buffer}) (i32.const 4096) (i64.const 0) (i32.const {result + 4}))");
}

/// <summary>fd_filestat_get (or path_filestat_get when a path is given): the errno, the file type and the size.</summary>
public sealed record Stat(Fd Target, string? Path = null, bool Follow = true, int At = WasiScript.StatBuffer) : WasiStep
{
    public override string Emit(WasiScript script, int result)
    {
        var call = Path is null
            ? $"(call $fd_filestat_get {Target.Wat} (i32.const {At}))"
            : PathCall(script);
        return $"(i32.store8 (i32.const {WasiScript.StatBuffer + 16}) (i32.const 255))\n" + Store(result, call) + "\n" +
               Store(result + 4, $"(i32.load8_u (i32.const {WasiScript.StatBuffer + 16}))") + "\n" +
               $"(i64.store (i32.const {result + 8}) (i64.load (i32.const {WasiScript.StatBuffer + 32})))";
    }

    private string PathCall(WasiScript script)
    {
        var (p, n) = script.Text(Path!);
        return $"(call $path_filestat_get {Target.Wat} (i32.const {(Follow ? 1 : 0)}) (i32.const {p}) (i32.const {n}) (i32.const {At}))";
    }
}

public sealed record Rename(Fd From, string FromPath, Fd To, string ToPath) : WasiStep
{
    public override string Emit(WasiScript script, int result)
    {
        var (a, an) = script.Text(FromPath);
        var (b, bn) = script.Text(ToPath);
        return Store(result, $"(call $path_rename {From.Wat} (i32.const {a}) (i32.const {an}) {To.Wat} (i32.const {b}) (i32.const {bn}))");
    }
}

public sealed record Symlink(string Target, Fd Dir, string Path) : WasiStep
{
    public override string Emit(WasiScript script, int result)
    {
        var (a, an) = script.Text(Target);
        var (b, bn) = script.Text(Path);
        return Store(result, $"(call $path_symlink (i32.const {a}) (i32.const {an}) {Dir.Wat} (i32.const {b}) (i32.const {bn}))");
    }
}

/// <summary>A path_* call taking (fd, path, length): unlink_file, remove_directory or create_directory.</summary>
public sealed record OnPath(string Function, Fd Dir, string Path) : WasiStep
{
    public override string Emit(WasiScript script, int result)
    {
        var (p, n) = script.Text(Path);
        return Store(result, $"(call ${Function} {Dir.Wat} (i32.const {p}) (i32.const {n}))");
    }
}

public sealed record Readlink(Fd Dir, string Path) : WasiStep
{
    public override string Emit(WasiScript script, int result)
    {
        var (p, n) = script.Text(Path);
        return Store(result, $"(call $path_readlink {Dir.Wat} (i32.const {p}) (i32.const {n}) (i32.const {WasiScript.Buffer}) (i32.const 256) (i32.const {result + 4}))");
    }
}

public sealed record SetTimes(Fd Target, string? Path = null) : WasiStep
{
    /// <summary>2001-01-01 as WASI nanoseconds.</summary>
    private const ulong Y2001 = 978_307_200UL * 1_000_000_000;

    public override string Emit(WasiScript script, int result)
    {
        if (Path is null)
        {
            return Store(result, $"(call $fd_filestat_set_times {Target.Wat} (i64.const 0) (i64.const {Y2001}) (i32.const 4))");
        }

        var (p, n) = script.Text(Path);
        return Store(result, $"(call $path_filestat_set_times {Target.Wat} (i32.const 0) (i32.const {p}) (i32.const {n}) (i64.const 0) (i64.const {Y2001}) (i32.const 4))");
    }
}

/// <summary>A call whose out-pointer is deliberately misaligned (or otherwise odd): any WAT call expression.</summary>
public sealed record Raw(string Call) : WasiStep
{
    public override string Emit(WasiScript script, int result) => Store(result, Call);
}

/// <summary>
/// A sequence of WASI calls as a command module whose _start makes them and writes the result area to stderr
/// (stdout stays free for scripts that renumber or close it).
/// </summary>
public sealed class WasiScript(string name, params WasiStep[] steps)
{
    public const int Iovec = 0x3000;
    public const int Results = 0x4000;
    public const int Buffer = 0x8000;
    public const int StatBuffer = 0xA000;
    private const int Strings = 0x100;

    private readonly StringBuilder _data = new();
    private int _nextString = Strings;

    public string Name { get; } = name;

    public IReadOnlyList<WasiStep> Steps { get; } = steps;

    public override string ToString() => Name;

    public static int ResultAddress(int step) => Results + (step * 16);

    public (int Address, int Length) Text(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var at = _nextString;
        _nextString += bytes.Length + 1;
        if (_nextString >= Iovec)
        {
            throw new InvalidOperationException("script strings overflow their area");
        }

        _data.Append(CultureInfo.InvariantCulture, $"(data (i32.const {at}) \"{string.Concat(bytes.Select(b => "\\" + b.ToString("x2", CultureInfo.InvariantCulture)))}\")\n");
        return (at, bytes.Length);
    }

    public string ToWat()
    {
        _data.Clear();
        _nextString = Strings;
        var body = new StringBuilder();
        for (var i = 0; i < Steps.Count; i++)
        {
            body.AppendLine(Steps[i].Emit(this, ResultAddress(i)));
        }

        return $$"""
            (module
              (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_renumber" (func $fd_renumber (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_filestat_set_times" (func $fd_filestat_set_times (param i32 i64 i64 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "path_filestat_set_times" (func $path_filestat_set_times (param i32 i32 i32 i32 i64 i64 i32) (result i32)))
              (import "wasi_snapshot_preview1" "path_rename" (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "path_unlink_file" (func $path_unlink_file (param i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "path_remove_directory" (func $path_remove_directory (param i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "path_readlink" (func $path_readlink (param i32 i32 i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              {{_data}}
              (func (export "_start")
                {{body}}
                (i32.store (i32.const {{Iovec}}) (i32.const {{Results}}))
                (i32.store (i32.const {{Iovec + 4}}) (i32.const {{Steps.Count * 16}}))
                (drop (call $fd_write (i32.const 2) (i32.const {{Iovec}}) (i32.const 1) (i32.const {{Iovec + 8}})))))
            """;
    }
}
