using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>Runs functions of a store.</summary>
internal static class Executor
{
    /// <summary>
    /// Calls <paramref name="function"/> with raw arguments (numeric bits, <see cref="RefValue"/>) and runs it to
    /// completion; returns the raw results. Throws <see cref="WasmTrapException"/> on a trap.
    /// </summary>
    public static ulong[] Invoke(Store store, FunctionInstance function, ReadOnlySpan<ulong> arguments)
    {
        var machine = new Machine(store);
        machine.Start(function, arguments);
        while (machine.Run() == RunStatus.Paused)
        {
            // Only a pause request could stop a machine without fuel, and nobody else holds this one.
        }

        return machine.Results;
    }
}
