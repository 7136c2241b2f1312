using Akka.Actor;
using Akka.Event;
using WasmActors.Actors.Messages;
using WasmActors.Actors.RunNode;

namespace WasmActors.Actors.Tests;

/// <summary>A storm of bulk fallbacks from one endpoint is counted in full but logged once per interval, with the number left out.</summary>
public sealed class BulkFallbackLogTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void FallbacksFromOneEndpointAreAllCountedAndLoggedOncePerIntervalWithTheCountLeftOut()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(Warning));
        var counters = new RunNodeCounters("run-x");
        var clock = new SteppedClock();
        var fallbacks = new BulkFallbacks(Sys.Log, counters, clock);
        var down = Holder("s-1", 4154);
        var other = Holder("s-2", 4155);
        var reason = new TimeoutException("no bulk reply within 5 s");

        for (var i = 0; i < 5; i++)
        {
            fallbacks.Record(down, reason);
        }

        fallbacks.Record(other, reason); // another endpoint has its own line
        Assert.Equal(6, counters.BulkFallbacks);
        var first = ExpectMsg<Warning>().Message.ToString()!;
        Assert.Contains("tcp://127.0.0.1:4154", first, StringComparison.Ordinal);
        Assert.Contains("TimeoutException: no bulk reply within 5 s", first, StringComparison.Ordinal);
        Assert.DoesNotContain("more such", first, StringComparison.Ordinal);
        Assert.Contains("tcp://127.0.0.1:4155", ExpectMsg<Warning>().Message.ToString(), StringComparison.Ordinal);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        clock.Advance(BulkFallbacks.Interval);
        fallbacks.Record(down, reason);
        Assert.Equal(7, counters.BulkFallbacks);
        Assert.Contains("(4 more such fallback(s) from this endpoint since the last line)", ExpectMsg<Warning>().Message.ToString(), StringComparison.Ordinal);
    }

    private static SnapshotRef Holder(string snapshotId, int port) =>
        new(snapshotId, "memory-1", ActorRefs.Nobody, new BulkEndpoint("tcp", "127.0.0.1", port, []));

    /// <summary>A clock that moves only when told.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
