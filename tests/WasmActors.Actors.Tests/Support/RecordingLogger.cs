using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;

namespace WasmActors.Actors.Tests;

/// <summary>
/// An Akka logger (akka.loggers) that keeps every info line, warning and error of the systems using it, so a test can see what
/// a system logged while it was being created, before any subscriber of its own could be attached.
/// </summary>
public sealed class RecordingLogger : ReceiveActor
{
    private static readonly ConcurrentQueue<string> Logged = new();

    public RecordingLogger()
    {
        Receive<Info>(i => Logged.Enqueue(i.ToString()));
        Receive<Warning>(w => Logged.Enqueue(w.ToString()));
        Receive<Error>(e => Logged.Enqueue(e.ToString()));
        Receive<LogEvent>(_ => { });
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
    }

    public static IReadOnlyList<string> Lines => [.. Logged];

    /// <summary>The first line logged so far or within <paramref name="bound"/> that contains <paramref name="marker"/> (loggers run asynchronously).</summary>
    public static async Task<string> WaitForAsync(string marker, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            if (Logged.FirstOrDefault(line => line.Contains(marker, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"nothing containing \"{marker}\" was logged within {bound.TotalSeconds:0} s; logged: {string.Join(" | ", Logged)}");
            }

            await Task.Delay(20);
        }
    }

    public static void Clear() => Logged.Clear();
}
