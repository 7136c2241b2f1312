using WasmActors.Wasm.Wasi;

namespace WasmActors.Wasm.Tests.Wasi;

/// <summary>Descriptor numbers in Wasmtime's order (WasiDifferentialTests checks the same against Wasmtime itself).</summary>
public sealed class WasiFdTableTests
{
    private static readonly WasiFileDescriptor File = new() { Kind = WasiFdKind.File };

    [Fact]
    public void TheHighestFreedNumberIsReusedFirstThenOneAboveTheHighestInUse()
    {
        var table = new WasiFdTable();
        Assert.Equal([0, 1, 2, 3, 4], Enumerable.Range(0, 5).Select(_ => table.Add(File)));
        Assert.True(table.Remove(1));
        Assert.True(table.Remove(3));
        Assert.False(table.Remove(3));
        Assert.Equal([3, 1, 5], Enumerable.Range(0, 3).Select(_ => table.Add(File)));
    }

    [Fact]
    public void ARenumberedAwayNumberComesBackBeforeAClosedLowerOne()
    {
        // fd_renumber(a, 1) then fd_close(1): the next open is a, the one after is 1.
        var table = new WasiFdTable();
        for (var i = 0; i < 5; i++)
        {
            table.Add(File);
        }

        table.Set(1, table.Entries[4]);
        table.Remove(4);
        table.Remove(1);
        Assert.Equal(4, table.Add(File));
        Assert.Equal(1, table.Add(File));
        Assert.Equal(5, table.Add(File));
    }

    [Fact]
    public void ALoadedTableTakesTheGapsBelowItsHighestNumberAsFree()
    {
        var table = new WasiFdTable();
        table.Load(new[] { 0, 1, 2, 3, 6 }.Select(fd => KeyValuePair.Create(fd, File)));
        Assert.Equal([5, 4, 7], Enumerable.Range(0, 3).Select(_ => table.Add(File)));
    }
}
