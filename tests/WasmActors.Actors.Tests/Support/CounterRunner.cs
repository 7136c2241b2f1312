using WasmActors.Actors.Engine;
using WasmActors.TestKit;

namespace WasmActors.Actors.Tests;

/// <summary>The counter sample on an engine thread of its own, computing flat out for longer than any test.</summary>
internal static class CounterRunner
{
    private const int StackBytes = 4 << 20;
    private static readonly byte[] Counter = File.ReadAllBytes(RepositoryFiles.Sample("counter"));

    // Writes its 256 KiB table all the time, and prints a progress line every step of a few milliseconds.
    private static readonly string[] Forever = ["1000000000", "1", "20000"];

    /// <summary>Starts it, under <paramref name="gate"/>'s run slots if given.</summary>
    public static (InstanceRunner Runner, RecordedRunnerEvents Events) Start(RunSlotGate? gate = null)
    {
        var events = new RecordedRunnerEvents();
        var runner = new InstanceRunner(new FreshProgram("counter", Counter, Forever, []) { RunSlots = gate }, events, StackBytes, new InstanceGuard(Configuration.RunNodeSettings.Default.Limits, null));
        runner.Start();
        return (runner, events);
    }
}
