using WasmActors.Actors.Engine;
using WasmActors.TestKit;

namespace WasmActors.Actors.Tests;

/// <summary>
/// Engine threads under a run-slot gate, with the counter sample computing flat out: an instance waiting for a slot
/// is stopped or paused (and frozen) at once without ever getting one, and instances sharing one slot take turns
/// at their checkpoints.
/// </summary>
public sealed class RunSlotRunnerTests
{
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void AnInstanceWaitingForASlotStopsWithoutGettingOne()
    {
        using var gate = new RunSlotGate(1, Never, newInstancesPreempt: false);
        var (holder, holderEvents) = CounterRunner.Start(gate);
        Assert.True(holderEvents.Started.Wait(Patience), "the first instance never started");
        var (waiter, waiterEvents) = CounterRunner.Start(gate);
        Assert.True(SpinWait.SpinUntil(() => gate.Waiting == 1, Patience), "the second instance never queued");

        waiter.Stop();

        Assert.True(waiterEvents.Stopped.Wait(Patience), "the waiting instance did not stop");
        Assert.False(waiterEvents.Started.IsSet);
        Assert.Equal(0, gate.Waiting);
        Assert.Equal(1, gate.Running);
        holder.Stop();
        Assert.True(holderEvents.Stopped.Wait(Patience), "the running instance did not stop");
        Assert.True(SpinWait.SpinUntil(() => gate.Running == 0, Patience), "the slot was not given back");
    }

    [Fact]
    public async Task AnInstanceWaitingForASlotPausesIsFrozenAndQueuesAgainOnResume()
    {
        using var gate = new RunSlotGate(1, Never, newInstancesPreempt: false);
        var (holder, holderEvents) = CounterRunner.Start(gate);
        Assert.True(holderEvents.Started.Wait(Patience), "the first instance never started");
        var (waiter, waiterEvents) = CounterRunner.Start(gate);
        Assert.True(SpinWait.SpinUntil(() => gate.Waiting == 1, Patience), "the second instance never queued");

        waiter.RequestPause();

        Assert.True(waiterEvents.Paused.Wait(Patience), "the waiting instance did not pause");
        Assert.True(waiterEvents.Started.IsSet); // prepared without a slot, paused before its first instruction
        Assert.Equal(0, gate.Waiting);
        Assert.Equal(0, waiterEvents.Writes);

        // Paused, it can be frozen; resumed, it queues again and can still be frozen while it waits.
        Assert.NotNull((await waiter.Freeze().WaitAsync(Patience)).Store);
        waiter.Resume();
        Assert.True(SpinWait.SpinUntil(() => gate.Waiting == 1, Patience), "the resumed instance did not queue again");
        Assert.NotNull((await waiter.Freeze().WaitAsync(Patience)).Store);
        Assert.Equal(1, gate.Waiting);
        Assert.Equal(0, waiterEvents.Writes);

        waiter.Stop();
        holder.Stop();
        Assert.True(waiterEvents.Stopped.Wait(Patience), "the waiting instance did not stop");
        Assert.True(holderEvents.Stopped.Wait(Patience), "the running instance did not stop");
    }

    [Fact]
    public void InstancesSharingOneSlotTakeTurnsAtTheirTimeSlices()
    {
        using var gate = new RunSlotGate(1, TimeSpan.FromMilliseconds(2));
        var instances = Enumerable.Range(0, 3).Select(_ => CounterRunner.Start(gate)).ToArray();

        // Each prints its banner and then a line per step: every one gets turns.
        foreach (var (_, events) in instances)
        {
            Assert.True(SpinWait.SpinUntil(() => events.Writes >= 3, Patience), $"an instance made no progress ({events.Writes} writes)");
        }

        Assert.True(gate.Handovers >= 2, $"{gate.Handovers} handovers");
        Assert.InRange(gate.Running, 0, 1);
        foreach (var (runner, events) in instances)
        {
            runner.Stop();
            Assert.True(events.Stopped.Wait(Patience), "an instance did not stop");
        }

        Assert.True(SpinWait.SpinUntil(() => gate.Running == 0 && gate.Waiting == 0, Patience), "slots were not given back");
    }

    [Fact]
    public void ANewInstanceGetsATurnFromAHolderWhoseSliceNeverEnds()
    {
        // Without preemption the newcomer would wait as long as the slice: for ever here.
        using var gate = new RunSlotGate(1, Never);
        var (holder, holderEvents) = CounterRunner.Start(gate);
        Assert.True(SpinWait.SpinUntil(() => holderEvents.Writes > 0 && gate.Running == 1, Patience), "the first instance never ran");

        var (newcomer, newcomerEvents) = CounterRunner.Start(gate);
        Assert.True(SpinWait.SpinUntil(() => gate.Handovers >= 1, Patience), "the holder never gave its slot to the new instance");

        newcomer.Stop();
        holder.Stop();
        Assert.True(newcomerEvents.Stopped.Wait(Patience), "the new instance did not stop");
        Assert.True(holderEvents.Stopped.Wait(Patience), "the first instance did not stop");
    }

    [Fact]
    public void APausedInstanceHoldsNoSlotAndTakesOneAgainOnResume()
    {
        using var gate = new RunSlotGate(1, Never);
        var (runner, events) = CounterRunner.Start(gate);
        Assert.True(events.Started.Wait(Patience), "the instance never started");
        Assert.True(SpinWait.SpinUntil(() => gate.Running == 1, Patience), "the instance holds no slot");

        runner.RequestPause();
        Assert.True(events.Paused.Wait(Patience), "the instance did not pause");
        Assert.Equal(0, gate.Running);

        var (other, otherEvents) = CounterRunner.Start(gate);
        Assert.True(otherEvents.Started.Wait(Patience), "a new instance did not get the free slot");
        runner.Resume();
        Assert.True(SpinWait.SpinUntil(() => gate.Waiting == 1, Patience), "the resumed instance did not queue");

        other.Stop();
        Assert.True(otherEvents.Stopped.Wait(Patience), "the other instance did not stop");
        var before = events.Writes;
        Assert.True(SpinWait.SpinUntil(() => events.Writes > before, Patience), "the resumed instance never ran again");
        runner.Stop();
        Assert.True(events.Stopped.Wait(Patience), "the instance did not stop");
    }
}
