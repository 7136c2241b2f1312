using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm;
using WasmActors.Wasm.Execution;

namespace WasmActors.Snapshot.Tests.Format;

/// <summary>
/// Random mutations of real snapshots (fixed seed): the reader and the restorer either refuse them with a
/// <see cref="SnapshotFormatException"/> or restore a store that runs under the engine's own rules; never another
/// exception. Mutations of the file are caught by its checksum; mutations of records are re-sealed (every hash
/// fixed up) so they reach the record decoders and the cross-checks.
/// </summary>
public sealed class ReaderFuzzTests
{
    private static readonly Lazy<SnapshotImage[]> Samples = new(() =>
    {
        var (idle, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(idle, "step", 30);
        var (paused, instance) = Programs.Instantiate(Programs.Stateful);
        var machine = new Machine(paused);
        machine.Start(instance.GetFunction("step"), [60]);
        machine.Fuel = 25;
        machine.Run();
        return [SnapshotWriter.Capture(idle), SnapshotWriter.Capture(paused, machine)];
    });

    [Fact]
    public void Mutated_files_are_refused_and_never_crash_the_reader()
    {
        var random = new Random(1234);
        var refused = 0;
        for (var i = 0; i < 1500; i++)
        {
            var file = SnapshotFile.Write(Samples.Value[i % 2], compress: i % 3 == 0);
            var mutated = Mutate(file, random);
            try
            {
                SnapshotFile.Read(mutated);
            }
            catch (SnapshotFormatException)
            {
                refused++;
            }
        }

        // Only a mutation that changes nothing can pass the checksum.
        Assert.True(refused > 1400, $"{refused} refused");
    }

    [Fact]
    public void Resealed_record_mutations_are_refused_or_restore_to_a_store_that_runs_safely()
    {
        var random = new Random(4321);
        var cache = new ModuleCache();
        int refused = 0, restored = 0;
        for (var i = 0; i < 2500; i++)
        {
            var snapshot = Samples.Value[i % 2];
            ISnapshotSource source;
            if (i % 5 == 0)
            {
                source = new Tamper.ManifestSource(snapshot, Mutate(snapshot.ManifestBytes, random));
            }
            else
            {
                var list = (Tamper.List)random.Next(7);
                var ids = Tamper.Get(snapshot.Manifest, list);
                if (ids.Length == 0)
                {
                    continue;
                }

                var index = random.Next(ids.Length);
                var record = Mutate(snapshot.GetChunk(ids[index]), random);
                source = new LocalSnapshotSource(i % 7 == 1 && snapshot.Manifest.Execution is { } e
                    ? Tamper.ReplaceExecution(snapshot, Mutate(snapshot.GetChunk(e), random))
                    : Tamper.Replace(snapshot, list, index, record));
            }

            try
            {
                var result = SnapshotRestorer.Restore(source, new RestoreOptions { Granularity = (Granularity)(i % 4), Mode = (CopyMode)(i % 2) }, cache);
                restored++;
                RunBriefly(result);
            }
            catch (SnapshotFormatException)
            {
                refused++;
            }
        }

        Assert.True(refused > 1000, $"{refused} refused, {restored} restored");

        // Some mutations are valid states (a changed global, a changed page): those must run safely too.
        Assert.True(restored > 20, $"{refused} refused, {restored} restored");
    }

    [Fact]
    public void Mutated_stack_slots_of_a_program_full_of_funcrefs_are_refused_or_run_safely()
    {
        // Slot values with no recorded types: restore knows from the code which slots only a funcref can be in.
        var random = new Random(8642);
        var snapshots = new List<SnapshotImage>();
        for (var fuel = 1; ; fuel += 7)
        {
            var (store, instance) = Programs.Instantiate(Restore.FuncRefSlotTests.FuncRefs);
            var machine = new Machine(store);
            machine.Start(instance.GetFunction("run"), [Restore.FuncRefSlotTests.Rounds]);
            machine.Fuel = fuel;
            if (machine.Run() == RunStatus.Completed)
            {
                break;
            }

            snapshots.Add(SnapshotWriter.Capture(store, machine));
        }

        var cache = new ModuleCache();
        int refused = 0, restored = 0;
        for (var i = 0; i < 600; i++)
        {
            var snapshot = snapshots[random.Next(snapshots.Count)];
            var execution = RecordCodec.DecodeExecution(snapshot.GetChunk(snapshot.Manifest.Execution!.Value), "paused call");
            var stack = execution.Stack.ToArray();
            var functions = (ulong)snapshot.Manifest.Functions.Length;
            for (var edits = random.Next(1, 3); edits > 0; edits--)
            {
                ulong[] values = [0, 1, functions, functions + 1, ulong.MaxValue, 0xFFFF_FFFF, (ulong)random.NextInt64(), (ulong)random.Next(1, (int)functions + 1)];
                stack[random.Next(stack.Length)] = values[random.Next(values.Length)];
            }

            var hostile = Tamper.ReplaceExecution(snapshot, RecordCodec.Encode(execution with { Stack = stack }));
            try
            {
                RunBriefly(SnapshotRestorer.Restore(new LocalSnapshotSource(hostile), new RestoreOptions { Granularity = (Granularity)(i % 5), Mode = (CopyMode)(i % 2) }, cache));
                restored++;
            }
            catch (SnapshotFormatException e)
            {
                Assert.IsType<WasmRestoreException>(e.InnerException);
                refused++;
            }
        }

        Assert.True(refused > 50 && restored > 50, $"{refused} refused, {restored} restored");
    }

    /// <summary>A restored store runs under the engine's rules: it completes, pauses or traps, with a fuel cap.</summary>
    private static void RunBriefly(RestoredInstance result)
    {
        try
        {
            if (result.Machine is { } paused)
            {
                paused.Fuel = 2000;
                paused.Run();
            }

            var digest = new Machine(result.Store);
            if (result.Store.Modules.Count > 0 && result.Store.Modules[0].Exports.ContainsKey("step"))
            {
                digest.Start(result.Store.Modules[0].GetFunction("step"), [3]);
                digest.Fuel = 2000;
                digest.Run();
            }
        }
        catch (WasmTrapException)
        {
            // A trap is a defined outcome of running (e.g. a mutated table entry): not a crash.
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0:
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                break;
            case 2:
                return bytes[..random.Next(bytes.Length)];
            case 3:
                var at = random.Next(bytes.Length);
                return [.. bytes[..at], (byte)random.Next(256), .. bytes[at..]];
            default:
                // Large values where counts and sizes live.
                var position = random.Next(bytes.Length);
                for (var k = position; k < Math.Min(bytes.Length, position + 5); k++)
                {
                    bytes[k] = 0xFF;
                }

                break;
        }

        return bytes;
    }
}
