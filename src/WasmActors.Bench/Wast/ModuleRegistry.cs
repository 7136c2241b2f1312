using WasmActors.Wasm.Runtime;

namespace WasmActors.Bench.Wast;

/// <summary>
/// The module instances a script has made: the current one (the target of actions without a module name) and
/// the named ones. A <c>module</c> command that failed leaves a broken entry, so later commands that use it fail
/// with the original reason instead of silently targeting an older module.
/// </summary>
internal sealed class ModuleRegistry
{
    private readonly Dictionary<string, Entry> _named = new(StringComparer.Ordinal);
    private Entry? _current;

    public void Add(int line, string? name, ModuleInstance instance) => Set(name, new Entry(line, instance, null));

    public void AddBroken(int line, string? name, string error) => Set(name, new Entry(line, null, error));

    /// <summary>The instance <paramref name="name"/> denotes (the current one when null); throws <see cref="ModuleUnavailableException"/>.</summary>
    public ModuleInstance Resolve(string? name)
    {
        Entry? entry;
        if (name is null)
        {
            entry = _current ?? throw new ModuleUnavailableException("no module has been defined yet");
        }
        else if (!_named.TryGetValue(name, out entry))
        {
            throw new ModuleUnavailableException($"no module named {name}");
        }

        return entry.Instance
            ?? throw new ModuleUnavailableException($"the module of line {entry.Line} did not instantiate ({entry.Error})");
    }

    private void Set(string? name, Entry entry)
    {
        _current = entry;
        if (name is not null)
        {
            _named[name] = entry;
        }
    }

    private sealed record Entry(int Line, ModuleInstance? Instance, string? Error);
}

/// <summary>A command refers to a module that does not exist or failed to instantiate.</summary>
internal sealed class ModuleUnavailableException : Exception
{
    public ModuleUnavailableException(string message)
        : base(message)
    {
    }
}
