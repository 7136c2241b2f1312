using System.Runtime.CompilerServices;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>The less frequent paths of the dispatch loop, kept out of it so that it stays small enough to optimise well.</summary>
public sealed partial class Machine
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private RunStatus Pause(long fuel)
    {
        if (fuel < 0)
        {
            _fuel = 0;
            PauseReason = PauseReason.FuelExhausted;
        }
        else
        {
            _fuel = fuel;
            _pauseRequested = 0;
            PauseReason = PauseReason.Requested;
        }

        return RunStatus.Paused;
    }

    /// <summary>call_indirect: the table entry, checked against the expected type structurally.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private FunctionInstance ResolveIndirect(ModuleInstance module, int typeIndex, int tableIndex, uint index)
    {
        // A pseudo-initialised table (copy-on-write restore) is empty here until its first touch lands in this
        // branch, which fetches its elements and looks again.
        var table = module.Tables[tableIndex];
        var elements = table.ResidentElements;
        if (index >= (uint)elements.Length && index >= (uint)(elements = table.Materialise()).Length)
        {
            Numerics.Trap(TrapMessages.UndefinedElement);
        }

        var reference = elements[index];
        if (reference == RefValue.Null)
        {
            Numerics.Trap(TrapMessages.UninitializedElement);
        }

        // A reference that names no function (only restored state can hold one) traps like a missing element.
        var address = reference - 1;
        if (address >= (ulong)_store.Functions.Count)
        {
            Numerics.Trap(TrapMessages.UndefinedElement);
        }

        var function = _store.Functions[(int)address];
        var expected = module.Types[typeIndex];
        if (!ReferenceEquals(function.Type, expected) && !function.Type.Equals(expected))
        {
            Numerics.Trap(TrapMessages.IndirectCallTypeMismatch);
        }

        return function;
    }

    /// <summary>
    /// Calls a host function with raw values (two for a v128, low half first); its arguments are copied out first
    /// because its results overwrite them.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CallHost(HostFunction host, ModuleInstance caller, int argumentBase)
    {
        var type = host.Type;
        var parameterCount = Slots.Of(type.Parameters);
        if (_hostArguments.Length < parameterCount)
        {
            _hostArguments = new ulong[parameterCount];
        }

        var arguments = _hostArguments.AsSpan(0, parameterCount);
        _stack.AsSpan(argumentBase, parameterCount).CopyTo(arguments);
        if (_context is null || !ReferenceEquals(_context.Caller, caller))
        {
            _context = new HostCallContext(_store, caller);
        }

        _activeHost = host;
        host.Callback(_context, arguments, _stack.AsSpan(argumentBase, Slots.Of(type.Results)));
        _activeHost = null;
    }
}
