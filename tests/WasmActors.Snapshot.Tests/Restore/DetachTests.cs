using System.Diagnostics;
using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>
/// A COW restore that pulls what is still remote (docs/adr-021-independent-after-migration.md) no longer needs its
/// source: forks that touch every page afterwards fault from the local cache even when the source is gone.
/// </summary>
public sealed class DetachTests
{
    private static readonly Lazy<SnapshotImage> Sample = new(() =>
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(store, "step", 60);
        return SnapshotWriter.Capture(store);
    });

    [Theory]
    [InlineData(Granularity.Page)]
    [InlineData(Granularity.Mixture)]
    public async Task After_the_pull_nothing_is_remote_and_a_dead_source_cannot_trap_a_fork(Granularity granularity)
    {
        var source = new KillableSource(new LocalSnapshotSource(Sample.Value));
        var restored = SnapshotRestorer.Restore(source, new RestoreOptions { Granularity = granularity, Mode = CopyMode.Cow });
        Assert.True(restored.RemoteChunks > 0, "a COW restore leaves pages remote");

        var pulled = await restored.PullRemainingAsync(batchChunks: 2, bytesPerSecond: null).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(pulled > 0);
        Assert.Equal(0, restored.RemoteChunks);

        source.Kill();
        var fork = restored.Fork();
        Assert.Equal(Reference(), Programs.Digest(fork.Store));
    }

    [Fact]
    public void Without_the_pull_a_dead_source_traps_the_fork_that_touches_a_remote_page()
    {
        var source = new KillableSource(new LocalSnapshotSource(Sample.Value));
        var restored = SnapshotRestorer.Restore(source, new RestoreOptions { Granularity = Granularity.Page, Mode = CopyMode.Cow });
        source.Kill();

        var trap = Assert.Throws<WasmTrapException>(() => Programs.Digest(restored.Fork().Store));
        Assert.Contains("source gone", trap.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pull_keeps_to_its_rate()
    {
        var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(Sample.Value), new RestoreOptions { Granularity = Granularity.Page, Mode = CopyMode.Cow });
        const long rate = 64 << 10;
        var clock = Stopwatch.StartNew();
        var batches = new List<long>();
        var pulled = await restored.PullRemainingAsync(batchChunks: 1, bytesPerSecond: rate, pulled: batches.Add).WaitAsync(TimeSpan.FromSeconds(30));

        // Each batch waits until the bytes before it fit the rate: all but the last had to wait their share.
        Assert.True(batches.Count > 1, $"{batches.Count} batches");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds((double)(pulled - batches[^1]) / rate), $"{pulled} bytes in {clock.Elapsed}");
        Assert.Equal(0, restored.RemoteChunks);
    }

    private static ulong Reference()
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(store, "step", 60);
        return Programs.Digest(store);
    }

    /// <summary>A source that answers until it is killed, then fails every request as a lost memory node does.</summary>
    private sealed class KillableSource(ISnapshotSource inner) : ISnapshotSource
    {
        private volatile bool _dead;

        public void Kill() => _dead = true;

        public byte[] FetchManifest() => Alive().FetchManifest();

        public IReadOnlyList<byte[]> FetchChunks(IReadOnlyList<ChunkId> ids) => Alive().FetchChunks(ids);

        public byte[] FetchWhole() => Alive().FetchWhole();

        private ISnapshotSource Alive() => _dead ? throw new WasmTrapException("snapshot source unavailable: source gone") : inner;
    }
}
