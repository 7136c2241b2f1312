using Akka.Cluster;
using WasmActors.Actors.Hosting;
using WasmActors.Actors.Internal;
using WasmActors.TestKit;

namespace WasmActors.Actors.Tests;

/// <summary>
/// Cluster membership and remoting run on threads the ActorSystem made for them at start, at its own nice value: not
/// on thread-pool workers, which a guest's or a warm-up's thread may have made at a lower one (Linux threads inherit
/// their maker's), where heartbeats would wait behind the guests.
/// </summary>
public sealed class MembershipThreadsTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private WasmActorsNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = await WasmActorsNode.StartAsync(WasmActorsTestKit.NodeConfig("memory-node.conf", "memory-1", "wasmactors.bulk.enabled = off"));
        _node.Join(_node.Address);
        await _node.WhenUpAsync(Timeout);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Theory]
    [InlineData("cluster")]
    [InlineData("remote")]
    public void Its_work_runs_on_threads_of_its_own_even_when_a_lowered_thread_queues_it(string part)
    {
        var dispatcherId = part == "cluster"
            ? Cluster.Get(_node.System).Settings.UseDispatcher
            : _node.System.Settings.Config.GetString("akka.remote.use-dispatcher");
        var dispatcher = _node.System.Dispatchers.Lookup(dispatcherId);
        var normal = ThreadNice.Current();

        (bool PoolWorker, int? Nice, string? Name) seen = default;
        using var ran = new ManualResetEventSlim();
        var queuer = LowPriorityThread.Start("test lowered queuer", () => dispatcher.Schedule(() =>
        {
            seen = (Thread.CurrentThread.IsThreadPoolThread, ThreadNice.Current(), Thread.CurrentThread.Name);
            ran.Set();
        }));
        Assert.True(ran.Wait(Timeout), "the work did not run");
        Assert.True(queuer.Join(Timeout));

        Assert.False(seen.PoolWorker, $"{part} work ran on a thread-pool worker ({dispatcherId})");
        Assert.Equal(normal, seen.Nice);
        Assert.StartsWith(dispatcherId, seen.Name ?? "", StringComparison.Ordinal);
    }
}
