using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Wasm;
using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Validation;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// Decoded and validated modules by the ids of their code, so that code already present on this node is neither
/// fetched nor decoded again. Thread-safe.
/// </summary>
internal sealed class ModuleCache
{
    public static readonly ModuleCache Shared = new();

    // Keyed by the engine settings too: the loader's limits come from them.
    private readonly Dictionary<(UInt128 Code, EngineConfig Config), Module> _modules = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _modules.Count;
            }
        }
    }

    internal bool Contains(PagedBlob code, EngineConfig config)
    {
        lock (_lock)
        {
            return _modules.ContainsKey((Key(code), config));
        }
    }

    internal Module Get(PagedBlob code, Func<byte[]> bytes, EngineConfig config, string what)
    {
        var key = (Key(code), config);
        lock (_lock)
        {
            if (_modules.TryGetValue(key, out var cached))
            {
                return cached;
            }
        }

        var binary = bytes();
        Module module;
        try
        {
            // The bodies are decoded and validated as they are first called, as when the module was first loaded.
            module = ModuleLoader.Load(binary, config);
            ModuleValidator.ValidateExceptBodies(module);
        }
        catch (WasmException e)
        {
            throw new SnapshotFormatException($"{what}: its code does not load: {e.Message}", e);
        }

        ModuleBinaries.Register(module, binary);
        lock (_lock)
        {
            return _modules.TryAdd(key, module) ? module : _modules[key];
        }
    }

    /// <summary>The code's identity: the hash of its length and the ids of its pieces.</summary>
    private static UInt128 Key(PagedBlob code)
    {
        var bytes = new byte[8 + (code.Pages.Length * ChunkId.Size)];
        BitConverter.TryWriteBytes(bytes, code.Length);
        for (var i = 0; i < code.Pages.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(8 + (i * ChunkId.Size)), code.Pages[i].Value);
        }

        return ChunkId.Of(bytes).Value;
    }
}
