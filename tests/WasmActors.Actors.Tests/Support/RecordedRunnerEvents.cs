using WasmActors.Actors.Engine;

namespace WasmActors.Actors.Tests;

/// <summary>What an instance runner reported, for tests that drive a runner directly: its writes counted, its start, pause and stop as events.</summary>
internal sealed class RecordedRunnerEvents : IRunnerEvents
{
    private int _writes;

    public ManualResetEventSlim Started { get; } = new();

    public ManualResetEventSlim Paused { get; } = new();

    public ManualResetEventSlim Stopped { get; } = new();

    public int Writes => Volatile.Read(ref _writes);

    public void Output(int fd, long sequence, byte[] data) => Interlocked.Increment(ref _writes);

    void IRunnerEvents.Started() => Started.Set();

    void IRunnerEvents.Paused() => Paused.Set();

    // An instance of these tests only ever ends by a stop: an exit or a trap leaves Stopped unset, and the test fails.
    public void Exited(int exitCode)
    {
    }

    public void Trapped(string message)
    {
    }

    void IRunnerEvents.Stopped() => Stopped.Set();
}
