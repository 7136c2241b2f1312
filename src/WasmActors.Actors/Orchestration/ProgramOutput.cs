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
    // By sequence; written by the collector actor, read by any thread, always under the lock: a reader must see a
    // moment's state, never a later write without the earlier ones the collector added first.
    private readonly SortedList<long, InstanceOutput> _writes = [];
    private readonly Lock _lock = new();
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
    public int Writes
    {
        get
        {
            lock (_lock)
            {
                return _writes.Count;
            }
        }
    }

    /// <summary>Everything written to <paramref name="fd"/> so far, in program order.</summary>
    public string Text(int fd = 1)
    {
        lock (_lock)
        {
            return Encoding.UTF8.GetString(_writes.Values.Where(w => w.Fd == fd).SelectMany(w => w.Data).ToArray());
        }
    }

    /// <summary>True when the sequence numbers received have no gap.</summary>
    public bool IsContiguous()
    {
        lock (_lock)
        {
            return _writes.Count == 0 || _writes.Keys[^1] - _writes.Keys[0] + 1 == _writes.Count;
        }
    }

    /// <summary>
    /// What a follower prints next: the writes after sequence <paramref name="after"/> (null: from the first received),
    /// in order, up to the first one not received yet. A later write never shows before an earlier one that may still
    /// be on its way (after a migration, the source's last writes and the target's first come from different nodes).
    /// With <paramref name="pastGaps"/> (the program has ended, nothing more will come) every later write is returned.
    /// </summary>
    public IReadOnlyList<InstanceOutput> WritesAfter(long? after, bool pastGaps = false)
    {
        lock (_lock)
        {
            var next = new List<InstanceOutput>();
            var expected = after + 1;
            // A follower asks every 100 ms for the whole of a long run: start at the first write after the last
            // printed one (by bisection of the sorted sequences), not at the program's first write.
            for (var i = after is { } last ? FirstAfter(last) : 0; i < _writes.Count; i++)
            {
                var write = _writes.Values[i];
                if (!pastGaps && expected is { } sequence && write.Sequence != sequence)
                {
                    break;
                }

                next.Add(write);
                expected = write.Sequence + 1;
            }

            return next;
        }
    }

    /// <summary>The index of the first write whose sequence is above <paramref name="sequence"/> (the caller holds the lock).</summary>
    private int FirstAfter(long sequence)
    {
        var (low, high) = (0, _writes.Count);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_writes.Keys[middle] <= sequence)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private void Add(InstanceOutput write)
    {
        lock (_lock)
        {
            _writes.TryAdd(write.Sequence, write);
        }
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
            Receive<InstanceOutput>(output.Add);
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
