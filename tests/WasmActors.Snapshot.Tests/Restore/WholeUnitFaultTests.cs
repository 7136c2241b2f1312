using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm.Execution;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>
/// At Instance and Module granularity the first touch of a memory fetches its whole unit once; every later fault,
/// in this fork or any other, is served locally, and the forks still finish like the uninterrupted run.
/// </summary>
public sealed class WholeUnitFaultTests
{
    private const int Steps = 120;

    [Theory]
    [InlineData(Granularity.Instance)]
    [InlineData(Granularity.Module)]
    public void A_cow_fork_fetches_each_unit_once_however_many_pages_it_faults(Granularity granularity)
    {
        var (store, instance) = Programs.Instantiate(Programs.Stateful);
        var machine = new Machine(store);
        machine.Start(instance.GetFunction("step"), [Steps]);
        machine.Fuel = 50;
        Assert.Equal(RunStatus.Paused, machine.Run());
        var source = new CountingSource(new LocalSnapshotSource(SnapshotWriter.Capture(store, machine)));

        var restored = SnapshotRestorer.Restore(source, new RestoreOptions { Granularity = granularity, Mode = CopyMode.Cow });
        var requestsBeforeRun = source.ChunkRequests;
        var second = restored.Fork();

        Finish(restored.Machine!);
        var firstDigest = Programs.Digest(restored.Store); // reads every page of memory
        Finish(second.Machine!);
        var secondDigest = Programs.Digest(second.Store);

        // The sample has one memory and one table (its segments are dropped by then) in one module: two units at
        // Instance granularity, one at Module granularity.
        Assert.Equal(requestsBeforeRun + (granularity == Granularity.Instance ? 2 : 1), source.ChunkRequests);
        Assert.Empty(source.ChunksRequestedTwice);
        Assert.True(restored.Metrics.Faults > 1, $"the run should fault on many pages, faulted {restored.Metrics.Faults}");
        Assert.True(second.Metrics.Faults > 1, $"the second fork should fault on many pages, faulted {second.Metrics.Faults}");

        var (reference, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(reference, "step", Steps);
        var expected = Programs.Digest(reference);
        Assert.Equal(expected, firstDigest);
        Assert.Equal(expected, secondDigest);
    }

    private static void Finish(Machine machine)
    {
        while (machine.Run() == RunStatus.Paused)
        {
        }
    }

    /// <summary>A source that counts chunk round trips and notices any chunk asked for twice.</summary>
    private sealed class CountingSource(ISnapshotSource inner) : ISnapshotSource
    {
        private readonly HashSet<ChunkId> _requested = [];

        public int ChunkRequests { get; private set; }

        public List<ChunkId> ChunksRequestedTwice { get; } = [];

        public byte[] FetchManifest() => inner.FetchManifest();

        public IReadOnlyList<byte[]> FetchChunks(IReadOnlyList<ChunkId> ids)
        {
            ChunkRequests++;
            ChunksRequestedTwice.AddRange(ids.Where(id => !_requested.Add(id)));
            return inner.FetchChunks(ids);
        }

        public byte[] FetchWhole() => inner.FetchWhole();
    }
}
