using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Wasm.Tests.Wasi;

public sealed class WasiModuleTests
{
    [Theory]
    [InlineData("fd_write", "[i32 i32 i32 i32] -> [i32]")]
    [InlineData("path_open", "[i32 i32 i32 i32 i32 i64 i64 i32 i32] -> [i32]")]
    [InlineData("clock_time_get", "[i32 i64 i32] -> [i32]")]
    [InlineData("fd_seek", "[i32 i64 i32 i32] -> [i32]")]
    [InlineData("proc_exit", "[i32] -> []")]
    [InlineData("sched_yield", "[] -> [i32]")]
    [InlineData("poll_oneoff", "[i32 i32 i32 i32] -> [i32]")]
    public void FunctionsAreDefinedWithPreview1Signatures(string name, string signature)
    {
        using var h = new WasiHarness();
        var linker = WasiModule.Define(new Linker(), h.Wasi);
        var function = Assert.IsType<HostFunction>(linker.Resolve(WasiModule.Name, name));
        Assert.Equal(signature, function.Type.ToString());
    }

    [Fact]
    public void EveryPreview1FunctionIsThere()
    {
        using var h = new WasiHarness();
        var names = WasiModule.CreateFunctions(h.Wasi).Select(f => f.Name).ToHashSet();
        string[] expected =
        [
            "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get", "clock_time_get",
            "fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
            "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread",
            "fd_prestat_get", "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir", "fd_renumber", "fd_seek",
            "fd_sync", "fd_tell", "fd_write", "path_create_directory", "path_filestat_get", "path_filestat_set_times",
            "path_link", "path_open", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
            "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise", "sched_yield", "random_get", "sock_accept",
            "sock_recv", "sock_send", "sock_shutdown",
        ];
        Assert.Empty(expected.Except(names));
    }

    [Fact]
    public void AHostCallUsesTheCallersMemoryAndReturnsTheErrno()
    {
        using var h = new WasiHarness();
        var (text, length) = h.Put("through the host function\n");
        var iovs = h.Iovecs((text, length));
        var written = h.Alloc(4);
        var context = ContextWithMemory(h.Memory);
        var fdWrite = Find(h, "fd_write");
        var results = new ulong[1];
        fdWrite.Callback(context, [1, iovs, 1, written], results);
        Assert.Equal(0UL, results[0]);
        Assert.Equal("through the host function\n", h.StdoutText);

        fdWrite.Callback(context, [42, iovs, 1, written], results);
        Assert.Equal((ulong)WasiErrno.BadFd, results[0]);
    }

    [Fact]
    public void HostFailuresBecomeErrnoValuesAndExitUnwinds()
    {
        using var h = new WasiHarness();
        Assert.Equal(WasiErrno.Success, h.Open("f", out var fd, WasiOpenFlags.Create));
        var context = ContextWithMemory(h.Memory);
        var results = new ulong[1];

        // A negative size reaches FileStream.SetLength as an ArgumentOutOfRangeException: EINVAL, not a crash.
        Find(h, "fd_filestat_set_size").Callback(context, [fd, unchecked((ulong)-5L) >> 1], results);
        Assert.NotEqual(0UL, results[0]);

        var exit = Assert.Throws<WasiExitException>(() => Find(h, "proc_exit").Callback(context, [3], []));
        Assert.Equal(3, exit.ExitCode);
    }

    [Fact]
    public void ACallerWithoutMemoryTraps()
    {
        using var h = new WasiHarness();
        var context = new HostCallContext(new Store(), null);
        var trap = Assert.Throws<WasmTrapException>(() => Find(h, "fd_write").Callback(context, [1, 0, 0, 0], new ulong[1]));
        Assert.Contains("without a memory", trap.Message, StringComparison.Ordinal);
    }

    private static HostFunction Find(WasiHarness h, string name) =>
        WasiModule.CreateFunctions(h.Wasi).Single(f => f.Name == name);

    private static HostCallContext ContextWithMemory(MemoryInstance memory)
    {
        var module = new Module();
        module.Memories.Add(memory.Type);
        var instance = ModuleInstance.CreateUnbound(module, "guest");
        instance.Bind([], [], [memory], [], [], []);
        return new HostCallContext(new Store(), instance);
    }
}
