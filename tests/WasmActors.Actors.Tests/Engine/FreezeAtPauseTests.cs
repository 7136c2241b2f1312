using WasmActors.Actors.Engine;
using WasmActors.TestKit;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A migration's final round freezes the program on its engine thread where it stops for the pause: nothing runs
/// between the freeze and the pause, a program paused already is frozen where it stands and runs on when resumed, and
/// a program that has ended fails the freeze.
/// </summary>
public sealed class FreezeAtPauseTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ARunningProgramIsFrozenWhereItStopsAndPausesRightThere()
    {
        var (runner, events) = CounterRunner.Start();
        Assert.True(SpinWait.SpinUntil(() => events.Writes >= 3, Patience), "the program printed nothing");

        var (frozen, stoppedAt) = await runner.FreezeAtPause((f, at) => (f.Store, at)).WaitAsync(Patience);

        Assert.True(events.Paused.Wait(Patience), "the program did not pause after its final freeze");
        Assert.Equal(runner.PausedAt, stoppedAt);
        Assert.True(frozen.WrittenPages > 0, "the program wrote nothing before the freeze");
        var after = await runner.Freeze().WaitAsync(Patience);
        Assert.Equal(0, after.Store.WrittenPages); // it ran no further than where it was frozen
        Stop(runner, events);
    }

    [Fact]
    public async Task AProgramPausedAlreadyIsFrozenWhereItStandsAndRunsOnWhenResumed()
    {
        var (runner, events) = CounterRunner.Start();
        Assert.True(SpinWait.SpinUntil(() => events.Writes >= 3, Patience), "the program printed nothing");
        runner.RequestPause();
        Assert.True(events.Paused.Wait(Patience), "the program did not pause");
        events.Paused.Reset();
        var pausedAt = runner.PausedAt;

        var stoppedAt = await runner.FreezeAtPause((_, at) => at).WaitAsync(Patience);

        Assert.True(stoppedAt > pausedAt, "a program paused already is frozen when asked, not when it paused");
        runner.Resume();
        var writes = events.Writes;
        Assert.True(SpinWait.SpinUntil(() => events.Writes >= writes + 5, Patience), "the resumed program made no progress");
        Assert.False(events.Paused.IsSet, "the resumed program paused again: the freeze's pause outlived it");
        Stop(runner, events);
    }

    [Fact]
    public async Task AProgramThatHasEndedFailsTheFreeze()
    {
        var (runner, events) = CounterRunner.Start();
        Assert.True(events.Started.Wait(Patience), "the program never started");
        Stop(runner, events);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.FreezeAtPause((f, _) => f).WaitAsync(Patience));
        Assert.Contains("ended before it could be frozen", failure.Message, StringComparison.Ordinal);
    }

    private static void Stop(InstanceRunner runner, RecordedRunnerEvents events)
    {
        runner.Stop();
        Assert.True(events.Stopped.Wait(Patience), "the program did not stop");
    }
}
