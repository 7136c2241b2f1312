using WasmActors.Actors.Engine;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;
using WasmActors.Actors.RunNode;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A page fetch from the memory node blocks its engine thread: while the fetch waits for its reply the thread holds
/// no run slot, and a waiting instance runs in its place.
/// </summary>
public sealed class RunSlotFetchTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void AnEngineThreadWaitingForTheMemoryNodeHoldsNoSlot()
    {
        using var gate = new RunSlotGate(1, TimeSpan.FromHours(1));
        using var yieldAsked = new ManualResetEventSlim();
        var fetcher = gate.NewSlot(() => { }, yieldAsked.Set);
        var waiterGranted = 0;
        var waiter = gate.NewSlot(() => Interlocked.Increment(ref waiterGranted), () => { });
        var proxy = CreateTestProbe();
        var source = new RemoteSnapshotSource(proxy.Ref, Patience);
        byte[]? manifest = null;
        Exception? failure = null;

        // The fetching "engine thread" holds the only slot; the waiter queues behind it.
        Assert.True(fetcher.TryEnter());
        Assert.False(waiter.TryEnter());
        var thread = new Thread(() =>
        {
            RunSlot.Current = fetcher;
            try
            {
                manifest = source.FetchManifest();
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                RunSlot.Current = null;
            }
        });
        thread.Start();

        var fetch = proxy.ExpectMsg<ProxyFetch>(Patience);
        Assert.Equal(SnapshotDataKind.Manifest, fetch.Kind);
        Assert.False(fetcher.IsRunning);
        Assert.True(waiter.IsRunning);
        Assert.Equal(1, waiterGranted);

        fetch.Reply.SetResult([1, 2, 3]);
        Assert.True(thread.Join(Patience), "the fetch never returned");
        Assert.Null(failure);
        Assert.Equal([1, 2, 3], manifest);

        // Back from the fetch the slot is taken: the fetcher is asked to stop at its next checkpoint and queue.
        Assert.True(yieldAsked.IsSet);
        Assert.False(fetcher.IsRunning);
        Assert.Equal(1, gate.Running);
    }
}
