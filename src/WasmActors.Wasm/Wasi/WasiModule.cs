using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Wasi;

/// <summary>
/// Exposes a <see cref="WasiContext"/> as the host functions of <c>wasi_snapshot_preview1</c>. Each function reads the
/// caller's memory 0, adapts the raw argument bits and returns the errno as an i32. Host failures that the context
/// did not map itself (an <see cref="IOException"/> from the file system, say) become errno values here, so a guest
/// never sees a host exception; only traps and <see cref="WasiExitException"/> unwind it.
/// </summary>
internal static class WasiModule
{
    public const string Name = "wasi_snapshot_preview1";

    private const ValType I32 = ValType.I32;
    private const ValType I64 = ValType.I64;

    private delegate WasiErrno Body(WasiContext wasi, MemoryInstance memory, ReadOnlySpan<ulong> a);

    /// <summary>Defines every preview1 function on <paramref name="linker"/> under <see cref="Name"/>.</summary>
    public static Linker Define(Linker linker, WasiContext wasi)
    {
        ArgumentNullException.ThrowIfNull(linker);
        foreach (var function in CreateFunctions(wasi))
        {
            linker.Define(Name, function.Name, function);
        }

        return linker;
    }

    /// <summary>The host functions, one per preview1 import name.</summary>
    public static IReadOnlyList<HostFunction> CreateFunctions(WasiContext wasi)
    {
        ArgumentNullException.ThrowIfNull(wasi);
        return
        [
            Errno(wasi, "args_get", [I32, I32], (w, m, a) => w.ArgsGet(m, U(a[0]), U(a[1]))),
            Errno(wasi, "args_sizes_get", [I32, I32], (w, m, a) => w.ArgsSizesGet(m, U(a[0]), U(a[1]))),
            Errno(wasi, "environ_get", [I32, I32], (w, m, a) => w.EnvironGet(m, U(a[0]), U(a[1]))),
            Errno(wasi, "environ_sizes_get", [I32, I32], (w, m, a) => w.EnvironSizesGet(m, U(a[0]), U(a[1]))),
            Errno(wasi, "clock_res_get", [I32, I32], (w, m, a) => w.ClockResGet(m, U(a[0]), U(a[1]))),
            Errno(wasi, "clock_time_get", [I32, I64, I32], (w, m, a) => w.ClockTimeGet(m, U(a[0]), a[1], U(a[2]))),
            Errno(wasi, "fd_advise", [I32, I64, I64, I32], (w, _, a) => w.FdAdvise(U(a[0]), a[1], a[2], U(a[3]))),
            Errno(wasi, "fd_allocate", [I32, I64, I64], (w, _, a) => w.FdAllocate(U(a[0]), a[1], a[2])),
            Errno(wasi, "fd_close", [I32], (w, _, a) => w.FdClose(U(a[0]))),
            Errno(wasi, "fd_datasync", [I32], (w, _, a) => w.FdDatasync(U(a[0]))),
            Errno(wasi, "fd_fdstat_get", [I32, I32], (w, m, a) => w.FdFdstatGet(m, U(a[0]), U(a[1]))),
            Errno(wasi, "fd_fdstat_set_flags", [I32, I32], (w, _, a) => w.FdFdstatSetFlags(U(a[0]), U(a[1]))),
            Errno(wasi, "fd_fdstat_set_rights", [I32, I64, I64], (w, _, a) => w.FdFdstatSetRights(U(a[0]), a[1], a[2])),
            Errno(wasi, "fd_filestat_get", [I32, I32], (w, m, a) => w.FdFilestatGet(m, U(a[0]), U(a[1]))),
            Errno(wasi, "fd_filestat_set_size", [I32, I64], (w, _, a) => w.FdFilestatSetSize(U(a[0]), a[1])),
            Errno(wasi, "fd_filestat_set_times", [I32, I64, I64, I32], (w, _, a) => w.FdFilestatSetTimes(U(a[0]), a[1], a[2], U(a[3]))),
            Errno(wasi, "fd_pread", [I32, I32, I32, I64, I32], (w, m, a) => w.FdPread(m, U(a[0]), U(a[1]), U(a[2]), a[3], U(a[4]))),
            Errno(wasi, "fd_prestat_get", [I32, I32], (w, m, a) => w.FdPrestatGet(m, U(a[0]), U(a[1]))),
            Errno(wasi, "fd_prestat_dir_name", [I32, I32, I32], (w, m, a) => w.FdPrestatDirName(m, U(a[0]), U(a[1]), U(a[2]))),
            Errno(wasi, "fd_pwrite", [I32, I32, I32, I64, I32], (w, m, a) => w.FdPwrite(m, U(a[0]), U(a[1]), U(a[2]), a[3], U(a[4]))),
            Errno(wasi, "fd_read", [I32, I32, I32, I32], (w, m, a) => w.FdRead(m, U(a[0]), U(a[1]), U(a[2]), U(a[3]))),
            Errno(wasi, "fd_readdir", [I32, I32, I32, I64, I32], (w, m, a) => w.FdReaddir(m, U(a[0]), U(a[1]), U(a[2]), a[3], U(a[4]))),
            Errno(wasi, "fd_renumber", [I32, I32], (w, _, a) => w.FdRenumber(U(a[0]), U(a[1]))),
            Errno(wasi, "fd_seek", [I32, I64, I32, I32], (w, m, a) => w.FdSeek(m, U(a[0]), (long)a[1], U(a[2]), U(a[3]))),
            Errno(wasi, "fd_sync", [I32], (w, _, a) => w.FdSync(U(a[0]))),
            Errno(wasi, "fd_tell", [I32, I32], (w, m, a) => w.FdTell(m, U(a[0]), U(a[1]))),
            Errno(wasi, "fd_write", [I32, I32, I32, I32], (w, m, a) => w.FdWrite(m, U(a[0]), U(a[1]), U(a[2]), U(a[3]))),
            Errno(wasi, "path_create_directory", [I32, I32, I32], (w, m, a) => w.PathCreateDirectory(m, U(a[0]), U(a[1]), U(a[2]))),
            Errno(wasi, "path_filestat_get", [I32, I32, I32, I32, I32], (w, m, a) => w.PathFilestatGet(m, U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]))),
            Errno(wasi, "path_filestat_set_times", [I32, I32, I32, I32, I64, I64, I32],
                (w, m, a) => w.PathFilestatSetTimes(m, U(a[0]), U(a[1]), U(a[2]), U(a[3]), a[4], a[5], U(a[6]))),
            Errno(wasi, "path_link", [I32, I32, I32, I32, I32, I32, I32], (w, _, a) => w.PathLink(U(a[0]), U(a[4]))),
            Errno(wasi, "path_open", [I32, I32, I32, I32, I32, I64, I64, I32, I32],
                (w, m, a) => w.PathOpen(m, U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]), a[5], a[6], U(a[7]), U(a[8]))),
            Errno(wasi, "path_readlink", [I32, I32, I32, I32, I32, I32],
                (w, m, a) => w.PathReadlink(m, U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]), U(a[5]))),
            Errno(wasi, "path_remove_directory", [I32, I32, I32], (w, m, a) => w.PathRemoveDirectory(m, U(a[0]), U(a[1]), U(a[2]))),
            Errno(wasi, "path_rename", [I32, I32, I32, I32, I32, I32],
                (w, m, a) => w.PathRename(m, U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]), U(a[5]))),
            Errno(wasi, "path_symlink", [I32, I32, I32, I32, I32], (w, m, a) => w.PathSymlink(m, U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]))),
            Errno(wasi, "path_unlink_file", [I32, I32, I32], (w, m, a) => w.PathUnlinkFile(m, U(a[0]), U(a[1]), U(a[2]))),
            Errno(wasi, "poll_oneoff", [I32, I32, I32, I32], (w, m, a) => w.PollOneoff(m, U(a[0]), U(a[1]), U(a[2]), U(a[3]))),
            new HostFunction(new FuncType([I32], []), (_, a, _) => WasiContext.ProcExit(U(a[0])), "proc_exit"),
            Errno(wasi, "proc_raise", [I32], (_, _, _) => WasiErrno.NotSupported),
            Errno(wasi, "sched_yield", [], (_, _, _) => WasiContext.SchedYield()),
            Errno(wasi, "random_get", [I32, I32], (w, m, a) => w.RandomGet(m, U(a[0]), U(a[1]))),

            // Sockets: preview1 can only use sockets the host hands in, and this host hands in none.
            Errno(wasi, "sock_accept", [I32, I32, I32], (_, _, _) => WasiErrno.NotSupported),
            Errno(wasi, "sock_recv", [I32, I32, I32, I32, I32, I32], (_, _, _) => WasiErrno.NotSupported),
            Errno(wasi, "sock_send", [I32, I32, I32, I32, I32], (_, _, _) => WasiErrno.NotSupported),
            Errno(wasi, "sock_shutdown", [I32, I32], (_, _, _) => WasiErrno.NotSupported),
        ];
    }

    private static uint U(ulong raw) => (uint)raw;

    private static HostFunction Errno(WasiContext wasi, string name, ValType[] parameters, Body body) =>
        new(new FuncType(parameters, [I32]), (context, arguments, results) =>
        {
            var memory = context.Memory ?? throw new WasmTrapException($"{Name}.{name} called by a module without a memory");
            results[0] = (ulong)Invoke(wasi, memory, arguments, body);
        }, name);

    private static WasiErrno Invoke(WasiContext wasi, MemoryInstance memory, ReadOnlySpan<ulong> arguments, Body body)
    {
        try
        {
            return body(wasi, memory, arguments);
        }
        catch (Exception e) when (e is not WasmException and not WasiExitException)
        {
            return WasiErrors.FromException(e);
        }
    }
}
