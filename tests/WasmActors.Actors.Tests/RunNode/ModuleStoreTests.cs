using WasmActors.Actors.Configuration;
using WasmActors.Actors.Messages;
using WasmActors.Actors.RunNode;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A run node's module uploads: parts in any order make the module whose hash names it; announcements that cannot be
/// true and uploads beyond the cache's bytes are refused before anything is held for them.
/// </summary>
public sealed class ModuleStoreTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void PartsInAnyOrderMakeTheModuleItsHashNames()
    {
        var store = new ModuleStore(new CacheBounds(8, 1 << 20, Minute), Minute);
        var wasm = Bytes(5000, 1);
        var id = ModuleStore.IdOf(wasm);
        var parts = Parts(id, wasm).Reverse().ToArray();

        Assert.All(parts[..^1], p => Assert.Null(store.Add(p, out _, out _)));
        Assert.IsType<ModuleStored>(store.Add(parts[^1], out _, out _));
        Assert.True(store.TryGet(id, out var held));
        Assert.Equal(wasm, held);

        var wrong = Parts(ModuleStore.IdOf(Bytes(10, 2)), wasm).ToArray();
        var refusal = wrong.Select(p => store.Add(p, out _, out _)).OfType<OperationFailed>().Single();
        Assert.Contains("do not hash to module id", refusal.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(int.MaxValue, 5000L)]
    [InlineData(1, 0L)]
    [InlineData(1, 2L << 30)]
    public void AnUploadAnnouncedAsItCannotBeIsRefused(int parts, long totalBytes)
    {
        var store = new ModuleStore(new CacheBounds(8, 4L << 30, Minute), Minute);
        var reply = store.Add(new ModuleUploadPart(1, "m", 0, parts, totalBytes, new byte[1024]), out _, out _);
        Assert.IsType<OperationFailed>(reply);
        Assert.Equal(0, store.Uploads);
    }

    [Fact]
    public void UploadsInProgressTogetherStayWithinTheCachesBytes()
    {
        var store = new ModuleStore(new CacheBounds(8, 8192, Minute), Minute);
        var first = Bytes(6000, 3);
        var second = Bytes(3000, 4);
        var firstParts = Parts(ModuleStore.IdOf(first), first).ToArray();
        var secondParts = Parts(ModuleStore.IdOf(second), second).ToArray();

        Assert.Null(store.Add(firstParts[0], out _, out _));
        var refused = Assert.IsType<OperationFailed>(store.Add(secondParts[0], out _, out _));
        Assert.Contains("is receiving 5.9 KiB of other modules", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(1, store.Uploads);

        Assert.All(firstParts[1..^1], p => Assert.Null(store.Add(p, out _, out _)));
        Assert.IsType<ModuleStored>(store.Add(firstParts[^1], out _, out _));
        var replies = secondParts.Select(p => store.Add(p, out _, out _)).ToArray();
        Assert.True(replies[^1] is ModuleStored, string.Join(" / ", replies.Select(r => r?.ToString() ?? "null")));
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static IEnumerable<ModuleUploadPart> Parts(string id, byte[] wasm) =>
        BlobParts.Split(wasm, BlobParts.MinPartBytes).Select(p => new ModuleUploadPart(7, id, p.Part, p.Parts, wasm.Length, p.Data));
}
