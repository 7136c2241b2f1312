using System.Collections.Concurrent;
using System.Text;
using Akka.Actor;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.Orchestration;

/// <summary>
/// The owner of one program's instances: collects what they print (ordered by the program's output sequence,
/// so it reads the same across a migration) and how they ended. Pass <see cref="Ref"/> as the owner. Told which run
/// node holds the instance (<see cref="WatchHolder"/>), it DeathWatches that node and ends with <see cref="InstanceLost"/>
/// if the node is lost first.
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

    /// <summary>
    /// Watches <paramref name="holder"/>, the run node now holding instance <paramref name="instanceId"/> (replacing the
    /// node watched before: after a migration, the target). If it is lost before the instance ends, <see cref="Ended"/>
    /// is <see cref="InstanceLost"/>. A migration's move stops the watch of the source until the next call.
    /// </summary>
    public void WatchHolder(string instanceId, ClusterNode holder) => Ref.Tell(new Holder(instanceId, holder.Name, holder.Actor));

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

    private sealed record Holder(string InstanceId, string Node, IActorRef Actor);

    private sealed class Collector : ReceiveActor
    {
        private Holder? _holder;

        public Collector(ProgramOutput output)
        {
            Receive<InstanceOutput>(m => output._writes.TryAdd((m.Fd, m.Sequence), m.Data));
            Receive<IWasmActorsMessage>(m => m is InstanceExited or InstanceTrapped or InstanceStopped, m =>
            {
                output._endings.Enqueue(m);
                if (m is InstanceStopped { MovedTo: not null })
                {
                    Unwatch(); // the source may stop now; the target is watched once it is known
                }
                else
                {
                    output._ended.TrySetResult(m);
                }
            });
            Receive<Holder>(m =>
            {
                Unwatch();
                _holder = m;
                Context.Watch(m.Actor);
            });
            Receive<Terminated>(t =>
            {
                if (_holder is { } holder && t.ActorRef.Equals(holder.Actor) && !output._ended.Task.IsCompleted)
                {
                    var lost = new InstanceLost(holder.InstanceId, holder.Node);
                    output._endings.Enqueue(lost);
                    output._ended.TrySetResult(lost);
                }
            });
        }

        private void Unwatch()
        {
            if (_holder is { } holder)
            {
                Context.Unwatch(holder.Actor);
                _holder = null;
            }
        }
    }
}
