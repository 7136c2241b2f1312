using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// One fork: an independent store, the paused call ready to resume (<see cref="Machine.Run"/>) when the snapshot
/// was taken mid-run, and what the fork cost.
/// </summary>
internal sealed record ForkedInstance(Store Store, Machine? Machine, ForkMetrics Metrics);
