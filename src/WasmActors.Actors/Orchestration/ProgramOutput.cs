using System.Collections.Concurrent;
using System.Text;
using Akka.Actor;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.Orchestration;

/// <summary>
/// The owner of one program's instances: collects what they print (ordered by the program's output sequence,
/// so it reads the same across a migration) and how they ended. Pass <see cref="Ref"/> as the owner.
/// </summary>
public sealed class ProgramOutput
{
    private readonly ConcurrentDictionary<(int Fd, long Sequence), byte[]> _writes = new();
    private readonly ConcurrentQueue<IWasmActorsMessage> _endings = new();
    private readonly TaskCompletionSource<IWasmActorsMessage> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ProgramOutput(ActorSystem system, string? name = null)
    {
        Ref = system.ActorOf(Props.Create(() => new Collector(this)), name ?? $"output-{Guid.NewGuid():N}");
    }

    public IActorRef Ref { get; }

    /// <summary>The first ending reported (exit, trap or stop) of any instance this collector owns.</summary>
    public Task<IWasmActorsMessage> Ended => _ended.Task;

    public IReadOnlyList<IWasmActorsMessage> Endings => _endings.ToArray();

    /// <summary>Writes received (count of distinct sequence numbers).</summary>
    public int Writes => _writes.Count;

    /// <summary>Everything written to <paramref name="fd"/> so far, in program order.</summary>
    public string Text(int fd = 1) =>
        Encoding.UTF8.GetString(_writes.Where(w => w.Key.Fd == fd).OrderBy(w => w.Key.Sequence).SelectMany(w => w.Value).ToArray());

    /// <summary>True when the sequence numbers received have no gap and no repeat with different bytes.</summary>
    public bool IsContiguous()
    {
        var sequences = _writes.Keys.Select(k => k.Sequence).Order().ToArray();
        return sequences.Length == 0 || sequences[^1] - sequences[0] + 1 == sequences.Length;
    }

    /// <summary>Waits until <paramref name="condition"/> holds for stdout's text.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var text = Text();
            if (condition(text))
            {
                return text;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the program's output did not reach the expected state within {timeout}; so far:\n{text}");
            }

            await Task.Delay(20);
        }
    }

    private sealed class Collector : ReceiveActor
    {
        public Collector(ProgramOutput output)
        {
            Receive<InstanceOutput>(m => output._writes.TryAdd((m.Fd, m.Sequence), m.Data));
            Receive<IWasmActorsMessage>(m => m is InstanceExited or InstanceTrapped or InstanceStopped, m =>
            {
                output._endings.Enqueue(m);
                if (m is not InstanceStopped { MovedTo: not null })
                {
                    output._ended.TrySetResult(m);
                }
            });
        }
    }
}
