using Akka.Actor;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// The instances a run node runs: admission against its limits, starting each as a child actor named by its id,
/// and what each last reported (for listings). Owned by the run node actor: not thread-safe.
/// </summary>
internal sealed class InstanceTable(WasmActorsSettings settings, RunSlotGate? runSlots, RunNodeCounters counters)
{
    private readonly Dictionary<string, InstanceEntry> _entries = new(StringComparer.Ordinal);
    private readonly GuestMemoryBudget _guestMemory = new(settings.RunNode.MaxGuestMemoryBytes);

    public int Count => _entries.Count;

    public bool TryGet(string id, out InstanceEntry entry) => _entries.TryGetValue(id, out entry!);

    public bool Remove(string id, out InstanceEntry entry)
    {
        var removed = _entries.Remove(id, out entry!);
        counters.Instances = _entries.Count;
        return removed;
    }

    public InstanceInfo[] List()
    {
        // Forks of one restore share what is remote: count it once per restore, not once per fork.
        var remote = new Dictionary<ForkBatch, long>(ReferenceEqualityComparer.Instance);
        return _entries.Select(e => e.Value.Info(e.Key, settings.NodeName, remote)).ToArray();
    }

    /// <summary>
    /// Whether <paramref name="count"/> more instances may start here under <paramref name="asked"/> limits: null
    /// when they may (with the limits resolved over the node's defaults), else the refusal naming the limit. Asked
    /// before anything is allocated.
    /// </summary>
    public string? Admit(int count, ProgramLimits? asked, out InstanceLimits limits)
    {
        limits = settings.RunNode.Limits.Resolve(asked, out var refusal);
        if (refusal is null && _entries.Count + count > settings.RunNode.MaxInstances)
        {
            refusal = $"limit max-instances = {settings.RunNode.MaxInstances}: {settings.NodeName} has {_entries.Count} instances and this asks for {count} more";
        }

        if (refusal is null && _guestMemory.IsFull)
        {
            refusal = $"limit {_guestMemory.Describe()} on {settings.NodeName}";
        }

        return refusal;
    }

    /// <summary>Starts the program as a child of <paramref name="context"/>'s actor; returns its instance id.</summary>
    /// <param name="proxySnapshot">The snapshot whose memory proxy this instance faults through, if any.</param>
    public string Start(IActorContext context, InstanceProgram program, IActorRef owner, string? forkedFrom, string? proxySnapshot, InstanceLimits limits, ForkStartTracker.Ticket? starts = null)
    {
        var id = $"i-{Guid.NewGuid():N}"[..14];
        program.RunSlots = runSlots;
        program.MaxOpenFiles = limits.OpenFiles;
        var guard = new InstanceGuard(limits, _guestMemory);
        var actor = context.ActorOf(InstanceActorProducer.Props(id, settings.NodeName, program, owner, settings, guard), id);
        context.Watch(actor);
        _entries[id] = new InstanceEntry(actor, program.Name, forkedFrom, proxySnapshot, guard) { Starts = starts, Batch = (program as ForkedProgram)?.Batch };
        counters.Instances = _entries.Count;
        return id;
    }

    /// <summary>An instance reported its state; one that left its starting state no longer holds its fork batch's reply.</summary>
    public void Report(InstanceReport report)
    {
        if (!_entries.TryGetValue(report.InstanceId, out var entry))
        {
            return;
        }

        entry.State = report.State;
        entry.Ending = report.Ending;
        if (report.State != InstanceState.Starting && entry.Starts is { } starts)
        {
            entry.Starts = null;
            starts.Settle();
        }
    }
}

/// <summary>One instance of a run node, as its actor last reported it.</summary>
internal sealed class InstanceEntry(IActorRef actor, string name, string? forkedFrom, string? proxySnapshot, InstanceGuard guard)
{
    public IActorRef Actor { get; } = actor;

    /// <summary>The snapshot whose memory proxy this instance faults through, if any.</summary>
    public string? ProxySnapshot { get; } = proxySnapshot;

    public InstanceState State { get; set; } = InstanceState.Starting;

    /// <summary>The restore this instance was forked from, if any: what of it is still on the memory node.</summary>
    public ForkBatch? Batch { get; init; }

    /// <summary>The fork batch waiting for this instance to leave its starting state, if any.</summary>
    public ForkStartTracker.Ticket? Starts { get; set; }

    /// <summary>How the program ended (<see cref="InstanceExited"/>, <see cref="InstanceTrapped"/>, <see cref="InstanceStopped"/>), once it has.</summary>
    public IWasmActorsMessage? Ending { get; set; }

    /// <summary>The row for `ls`: memory, faults and remote pieces read live from the running instance.</summary>
    /// <param name="remote">Remote pieces per restore, counted once per listing.</param>
    public InstanceInfo Info(string id, string node, Dictionary<ForkBatch, long>? remote = null)
    {
        var (memory, faults) = guard.Usage;
        var detachment = Batch?.Detachment;
        long? remotePieces = Batch is { } batch && Ending is null
            ? remote is null ? batch.Restored.RemoteChunks : remote.TryGetValue(batch, out var counted) ? counted : remote[batch] = batch.Restored.RemoteChunks
            : null;
        return new InstanceInfo(id, name, node, State, memory, faults, forkedFrom)
        {
            RemotePages = remotePieces,
            IndependentAfterSeconds = detachment?.IndependentAfter?.TotalSeconds,
            PulledBytes = detachment?.PulledBytes,
            ExitCode = (Ending as InstanceExited)?.ExitCode,
            Trap = (Ending as InstanceTrapped)?.Message,
            MovedTo = (Ending as InstanceStopped)?.MovedTo,
        };
    }
}
