using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Runtime;

/// <summary>A function in a store: defined by a module (<see cref="WasmFunction"/>) or by the host (<see cref="HostFunction"/>).</summary>
public abstract class FunctionInstance : StoreInstance
{
    private protected FunctionInstance(FuncType type)
    {
        Type = type;
    }

    public FuncType Type { get; }

    /// <summary>A readable name for backtraces.</summary>
    public abstract string DisplayName { get; }
}

/// <summary>A function defined by a module instance.</summary>
public sealed class WasmFunction : FunctionInstance
{
    internal WasmFunction(FuncType type, ModuleInstance module, int index, FunctionBody body)
        : base(type)
    {
        Module = module;
        Index = index;
        Body = body;
    }

    public ModuleInstance Module { get; }

    /// <summary>Index in the module's function index space (imports included).</summary>
    public int Index { get; }

    internal FunctionBody Body { get; }

    /// <summary>The compiled form, produced on first call (owned by the execution engine).</summary>
    internal Execution.CompiledFunction? Compiled { get; set; }

    public override string DisplayName =>
        Module.Module.Names?.FunctionNames.TryGetValue((uint)Index, out var name) == true ? name : $"<wasm function {Index}>";
}

/// <summary>What a host function sees of its caller.</summary>
public sealed class HostCallContext
{
    internal HostCallContext(Store store, ModuleInstance? caller)
    {
        Store = store;
        Caller = caller;
    }

    public Store Store { get; }

    /// <summary>The module instance whose code made the call; null when the host called the function directly.</summary>
    public ModuleInstance? Caller { get; }

    /// <summary>The caller's memory 0, when it has one (what WASI functions read and write).</summary>
    public MemoryInstance? Memory => Caller is { Memories.Length: > 0 } caller ? caller.Memories[0] : null;
}

/// <summary>
/// A host function body. Arguments and results use the engine's raw encoding (numeric bits, <see cref="RefValue"/>).
/// Throw <see cref="WasmTrapException"/> to trap.
/// </summary>
public delegate void HostFunctionCallback(HostCallContext context, ReadOnlySpan<ulong> arguments, Span<ulong> results);

public sealed class HostFunction : FunctionInstance
{
    public HostFunction(FuncType type, HostFunctionCallback callback, string name = "<host function>")
        : base(type)
    {
        Callback = callback;
        Name = name;
    }

    public HostFunctionCallback Callback { get; }

    public string Name { get; }

    public override string DisplayName => Name;
}
