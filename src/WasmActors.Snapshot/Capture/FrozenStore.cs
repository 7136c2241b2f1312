using System.Runtime.CompilerServices;
using WasmActors.Snapshot.Format;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Capture;

/// <summary>
/// A store's state at one safe point, held apart from the store so that encoding and hashing it (the expensive part
/// of a capture) can run later, on another thread, while the program runs on. Freezing costs O(page table) plus a
/// copy of the small mutable state (tables, globals, the paused stack): memories are frozen copy-on-write
/// (<see cref="MemoryInstance.Freeze"/>), which also tells which pages were written since the previous freeze.
/// Capture it with <see cref="SnapshotWriter.Capture(FrozenStore, SnapshotBaseline?, out SnapshotBaseline)"/>.
/// </summary>
internal sealed class FrozenStore
{
    // Freezes are numbered per store, so that a capture can tell whether its baseline was the freeze just before
    // it (the written-page lists then name every page that may differ from the baseline).
    private static readonly ConditionalWeakTable<Store, StrongBox<long>> Freezes = new();

    private FrozenStore(Store store, long generation, MemoryInstance[] memories, int[][]? written, Machine? paused, IReadOnlyList<HostStateEntry> hostState)
    {
        Store = store;
        Generation = generation;
        Memories = memories;
        Written = written;
        PagesAreImmutable = written is not null;
        HostState = hostState;
        Tables = store.Tables.Select(t => new TableState(t.Address, t.Type.ElementType, t.Type.Limits.Max, t.Size, (ulong[])t.Elements.Clone())).ToArray();
        Globals = store.Globals.Select(g => new GlobalState(g.Address, g.Type, g.Value, g.High)).ToArray();
        Elements = store.Elements.Select(e => new ElementState(e.Address, e.Type, e.IsDropped, e.Elements)).ToArray();
        Datas = store.Datas.Select(d => new DataState(d.IsDropped, d.Bytes)).ToArray();
        Execution = paused is null ? null : ExecutionOf(store, paused);
    }

    /// <summary>The store this state was taken from (modules and functions are read from it: they never change).</summary>
    public Store Store { get; }

    /// <summary>This freeze's number among the freezes of <see cref="Store"/> (1, 2, …); 0 for a capture of the live store.</summary>
    public long Generation { get; }

    /// <summary>Engine pages written since the previous freeze of the store, over all memories.</summary>
    public long WrittenPages => Written?.Sum(w => (long)w.Length) ?? 0;

    internal MemoryInstance[] Memories { get; }

    /// <summary>Per memory, the pages written since the previous freeze (ascending); null for the live store.</summary>
    internal int[][]? Written { get; }

    /// <summary>True when the memories' page arrays never change again (frozen views), so chunks may share them.</summary>
    internal bool PagesAreImmutable { get; }

    internal IReadOnlyList<HostStateEntry> HostState { get; }

    internal TableState[] Tables { get; }

    internal GlobalState[] Globals { get; }

    internal ElementState[] Elements { get; }

    internal DataState[] Datas { get; }

    internal ExecutionRecord? Execution { get; }

    /// <summary>
    /// Freezes <paramref name="store"/>. Must run on the thread that runs the store, while it is at a safe point
    /// (between runs, or paused at a checkpoint); the store may run on as soon as this returns.
    /// </summary>
    /// <param name="paused">A machine of this store paused mid-call (its frames and stack are kept), or null when idle.</param>
    public static FrozenStore Freeze(Store store, Machine? paused = null, IReadOnlyList<HostStateEntry>? hostState = null)
    {
        var counter = Freezes.GetValue(store, _ => new StrongBox<long>());
        var generation = Interlocked.Increment(ref counter.Value);
        var written = new int[store.Memories.Count][];
        var views = new MemoryInstance[written.Length];
        for (var m = 0; m < views.Length; m++)
        {
            views[m] = store.Memories[m].Freeze(out written[m]);
        }

        return new FrozenStore(store, generation, views, written, paused, hostState ?? []);
    }

    /// <summary>The live store as it is now, captured at once on its own thread (the classic, stop-the-world capture).</summary>
    internal static FrozenStore Live(Store store, Machine? paused, IReadOnlyList<HostStateEntry>? hostState) =>
        new(store, 0, store.Memories.ToArray(), null, paused, hostState ?? []);

    private static ExecutionRecord ExecutionOf(Store store, Machine machine)
    {
        if (!ReferenceEquals(machine.Store, store) || machine.State != MachineState.Ready || machine.FrameCount == 0)
        {
            throw new SnapshotCaptureException($"only a paused machine of this store can be captured (it is {machine.State} with {machine.FrameCount} frames)");
        }

        var frames = new FrameRecord[machine.FrameCount];
        for (var i = 0; i < frames.Length; i++)
        {
            var frame = machine.GetFrame(i);
            frames[i] = new FrameRecord(frame.Function.Address, frame.Pc, frame.StackBase);
        }

        // Stack slots are raw: a live host reference there cannot be told apart from a number, so the
        // reference check covers tables, globals and segments, where types are known.
        return new ExecutionRecord(frames, machine.Stack.ToArray());
    }

    internal sealed record TableState(int Address, ValType ElementType, uint? Max, uint Size, ulong[] Elements);

    internal sealed record GlobalState(int Address, GlobalType Type, ulong Value, ulong High);

    internal sealed record ElementState(int Address, ValType Type, bool Dropped, ulong[] Items);

    internal sealed record DataState(bool Dropped, byte[] Bytes);
}
