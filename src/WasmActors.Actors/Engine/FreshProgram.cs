using WasmActors.Actors.Internal;
using WasmActors.Snapshot.Capture;
using WasmActors.Wasm;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Actors.Engine;

/// <summary>
/// A WASI command started from its binary: load, validate, instantiate with WASI (with <paramref name="preopens"/>,
/// already checked against the node's rules), call _start.
/// </summary>
internal sealed class FreshProgram(string name, byte[] wasm, IReadOnlyList<string> arguments, IReadOnlyList<string> environment, IReadOnlyList<WasiPreopen>? preopens = null, int engineNice = 0) : InstanceProgram
{
    public override string Name => name;

    public override PreparedInstance Prepare(InstanceStreams streams)
    {
        ThreadNice.Set(engineNice);
        // Loading through ModuleBinaries keeps the bytes, so the instance can be snapshotted later.
        var module = ModuleBinaries.Load(wasm);
        var store = new Store(EngineConfig.Default);
        var wasi = new WasiContext(new WasiConfig
        {
            Arguments = [name, .. arguments],
            Environment = WasiConfig.ParseEnvironment(environment),
            StandardOutput = streams.StandardOutput,
            StandardError = streams.StandardError,
            StandardStreamsAreTerminals = true,
            Preopens = preopens ?? [],
            Clock = SlotReleasingClock.System,
            MaxOpenFiles = MaxOpenFiles,
        });
        var instance = Instantiator.Instantiate(store, module, WasiModule.Define(new Linker(), wasi), name);
        if (!instance.Exports.TryGetValue("_start", out var start) || start is not FunctionInstance function)
        {
            wasi.Dispose();
            throw new WasmLinkException($"{name} exports no _start function: it is not a WASI command");
        }

        var machine = new Machine(store);
        machine.Start(function, []);
        return new PreparedInstance(store, machine, wasi, 0);
    }
}
