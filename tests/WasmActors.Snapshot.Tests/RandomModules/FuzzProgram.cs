using System.IO.Hashing;
using System.Runtime.InteropServices;
using WasmActors.Snapshot.Capture;
using WasmActors.Wasm;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Tests.RandomModules;

/// <summary>What one export call did: its results or trap, the values it logged, and the store's state afterwards.</summary>
internal sealed record ExportOutcome(string Export, string Result, string Logs, string State)
{
    /// <summary>The first field that differs from <paramref name="expected"/>, or null.</summary>
    public string? DifferenceFrom(ExportOutcome expected) =>
        Result != expected.Result ? $"{Export}: result {Result}, expected {expected.Result}"
        : Logs != expected.Logs ? $"{Export}: logs [{Logs}], expected [{expected.Logs}]"
        : State != expected.State ? $"{Export}: state {State}, expected {expected.State}"
        : null;
}

/// <summary>
/// A binaryen fuzz module and the host it imports (<c>fuzzing-support</c> log functions that record their values).
/// Every function export is called in order, each after the module's hang-limit initialiser, with arguments fixed by
/// the export's position, so two runs of the same module see the same calls.
/// </summary>
internal sealed class FuzzProgram
{
    public const string ImportModule = "fuzzing-support";
    private const string HangLimitInitializer = "hangLimitInitializer";

    private static readonly (string Name, ValType Type)[] LogFunctions =
        [("log-i32", ValType.I32), ("log-i64", ValType.I64), ("log-f32", ValType.F32), ("log-f64", ValType.F64), ("log-v128", ValType.V128)];

    private static readonly ulong[] Pool = [0, 1, 0xFFFF_FFFF, 0x7FFF_FFFF, 0x8000_0000, 42, 0x3FF0_0000_0000_0000, 0x7FC0_0000, 65536, ulong.MaxValue];

    private FuzzProgram(Module module, string[] exports)
    {
        Module = module;
        Exports = exports;
    }

    public Module Module { get; }

    /// <summary>The function exports to call, in order (the hang-limit initialiser excluded).</summary>
    public string[] Exports { get; }

    /// <summary>Values logged by every store this program's hosts serve, in call order.</summary>
    public List<string> Logs { get; } = [];

    public static FuzzProgram Load(byte[] wasm)
    {
        var module = ModuleBinaries.Load(wasm);
        var exports = module.Exports.Where(e => e.Kind == ExternalKind.Function && e.Name != HangLimitInitializer).Select(e => e.Name).ToArray();
        return new FuzzProgram(module, exports);
    }

    /// <summary>Why the module cannot run here (an import other than the log functions), or null.</summary>
    public string? Unsupported() =>
        Module.Imports.Where(i => i.ModuleName != ImportModule || LogFunctions.All(f => f.Name != i.Name))
            .Select(i => $"import {i.ModuleName}.{i.Name}")
            .FirstOrDefault();

    /// <summary>The log functions, new instances each time (a host function belongs to one store).</summary>
    public Linker Host()
    {
        var linker = new Linker();
        foreach (var (name, type) in LogFunctions)
        {
            linker.Define(ImportModule, name, new HostFunction(new FuncType([type], []), (_, arguments, _) => Logs.Add($"{type.Name()}:{string.Join(":", arguments.ToArray().Select(a => a.ToString("x")))}"), name));
        }

        return linker;
    }

    /// <summary>A new store with the module instantiated, or null when instantiation traps (then there is nothing to compare).</summary>
    public Store? Instantiate()
    {
        var store = new Store();
        try
        {
            Instantiator.Instantiate(store, Module, Host());
            return store;
        }
        catch (WasmTrapException)
        {
            return null;
        }
    }

    /// <summary>Resets the hang limit (an uninterrupted call) and prepares a machine on export <paramref name="index"/>.</summary>
    public Machine Prepare(Store store, int index)
    {
        var instance = store.Modules[^1];
        if (instance.Exports.GetValueOrDefault(HangLimitInitializer) is FunctionInstance reset)
        {
            Executor.Invoke(store, reset, []);
        }

        var function = instance.GetFunction(Exports[index]);
        // Raw arguments: one slot per value, two for a v128 (low half first).
        var arguments = new List<ulong>();
        var parameters = function.Type.Parameters;
        for (var i = 0; i < parameters.Length; i++)
        {
            var bits = Pool[(index * 7 + i * 3) % Pool.Length];
            switch (parameters[i])
            {
                case ValType.I32 or ValType.F32:
                    arguments.Add((uint)bits);
                    break;
                case ValType.I64 or ValType.F64:
                    arguments.Add(bits);
                    break;
                case ValType.V128:
                    arguments.Add(bits);
                    arguments.Add(~bits);
                    break;
                default:
                    arguments.Add(RefValue.Null);
                    break;
            }
        }

        var machine = new Machine(store);
        machine.Start(function, [.. arguments]);
        return machine;
    }

    /// <summary>
    /// Runs <paramref name="machine"/> to its end, unless it has completed or trapped (<paramref name="trap"/>) already,
    /// and describes the call: a trap is an outcome like any other.
    /// </summary>
    public ExportOutcome Finish(Store store, Machine machine, int index, int logsFrom, string? trap = null)
    {
        string result;
        try
        {
            if (trap is not null)
            {
                throw new WasmTrapException(trap);
            }

            if (machine.State != MachineState.Completed)
            {
                machine.Fuel = null;
                machine.Run();
            }

            result = "ok " + string.Join(",", machine.Results.Select(r => r.ToString("x")));
        }
        catch (WasmTrapException e)
        {
            result = "trap " + e.Reason;
        }

        return new ExportOutcome(Exports[index], result, string.Join(" ", Logs.Skip(logsFrom)), StateHash(store));
    }

    /// <summary>Every memory's bytes, every global and every table entry of the store, as one hash.</summary>
    public static string StateHash(Store store)
    {
        var hash = new XxHash3();
        Span<byte> page = stackalloc byte[4096];
        foreach (var memory in store.Memories)
        {
            hash.Append(BitConverter.GetBytes(memory.Length));
            for (ulong at = 0; at < memory.Length; at += (ulong)page.Length)
            {
                var chunk = page[..(int)Math.Min((ulong)page.Length, memory.Length - at)];
                memory.Read(at, chunk);
                hash.Append(chunk);
            }
        }

        foreach (var global in store.Globals)
        {
            hash.Append(BitConverter.GetBytes(global.Value));
        }

        foreach (var table in store.Tables)
        {
            hash.Append(BitConverter.GetBytes(table.Elements.Length));
            hash.Append(MemoryMarshal.AsBytes(table.Elements.AsSpan()));
        }

        return hash.GetCurrentHashAsUInt64().ToString("x16");
    }
}
