using WasmActors.Snapshot.Format;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Capture;

/// <summary>
/// The pages a run touched (as REAP and FaaSnap record them): on a store restored in COW mode, the resident pages
/// are exactly those faulted in. Store them with <see cref="SnapshotImage.WithWorkingSet"/> so later forks fetch them
/// in one batch before their first instruction.
/// </summary>
internal static class WorkingSet
{
    public static WorkingSetPage[] Of(Store store)
    {
        var pages = new List<WorkingSetPage>();
        for (var m = 0; m < store.Memories.Count; m++)
        {
            var memory = store.Memories[m];
            for (var p = 0; p < memory.EnginePageCount; p++)
            {
                if (memory.IsResident(p))
                {
                    pages.Add(new WorkingSetPage(m, p));
                }
            }
        }

        return pages.ToArray();
    }
}
