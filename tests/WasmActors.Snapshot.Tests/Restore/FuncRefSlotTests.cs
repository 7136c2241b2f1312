using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;
using Xunit.Abstractions;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>
/// A program that keeps funcrefs everywhere a paused frame can hold them — on the operand stack across calls, as
/// block and br_table results, as a multi-value result, in locals next to a v128 local, in a global and a table —
/// paused at every checkpoint: the restore's slot-kind checks accept every real pause (each ends as the uninterrupted
/// run does), and refuse a funcref slot that names no function.
/// </summary>
public sealed class FuncRefSlotTests(ITestOutputHelper output)
{
    /// <summary>Functions before $a, $b, $c, so that their references are values no number in the program takes.</summary>
    public const int Padding = 1000;

    public static readonly string FuncRefs = """
        (module
          (type $t (func (param i32) (result i32)))
        """ + string.Concat(Enumerable.Repeat("  (func)\n", Padding)) + """
          (table $tab 2 funcref)
          (global $g (mut funcref) (ref.func $a))
          (elem declare func $a $b $c)
          (func $a (type $t) (i32.add (local.get 0) (i32.const 1)))
          (func $b (type $t) (i32.mul (local.get 0) (i32.const 2)))
          (func $c (type $t) (i32.sub (local.get 0) (i32.const 3)))
          (func $pick (param $i i32) (result funcref i32)
            (select (result funcref) (ref.func $a) (ref.func $b) (i32.and (local.get $i) (i32.const 1)))
            (local.get $i))
          (func $spin (param $n i32) (result i32) (local $k i32)
            (loop $l
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $k) (local.get $n))))
            (local.get $k))
          (func (export "run") (param $n i32) (result i32)
            (local $acc i32) (local $i i32) (local $v v128) (local $f funcref)
            (local.set $v (v128.const i32x4 1 2 3 4))
            (loop $outer
              (table.set $tab (i32.const 0)
                (block $b (result funcref)
                  (ref.func $c)
                  (drop (call $spin (i32.const 3)))
                  (br_if $b (i32.and (local.get $i) (i32.const 2)))
                  (drop)
                  (global.get $g)))
              (call $pick (local.get $i))
              (local.set $acc (i32.add (local.get $acc)))
              (local.set $f)
              (table.set $tab (i32.const 1) (local.get $f))
              (global.set $g (table.get $tab (i32.const 0)))
              (local.set $acc (i32.add (local.get $acc) (call_indirect (type $t) (local.get $i) (i32.const 0))))
              (local.set $acc (i32.add (local.get $acc) (call_indirect (type $t) (call $spin (i32.const 2)) (i32.const 1))))
              (local.set $f
                (block $x (result funcref)
                  (block $y (result funcref)
                    (ref.func $b)
                    (br_table $x $y (i32.and (local.get $i) (i32.const 1))))
                  (drop)
                  (ref.func $a)))
              (local.set $acc (i32.add (local.get $acc) (i32x4.extract_lane 2 (local.get $v))))
              (local.set $v (i32x4.add (local.get $v) (i32x4.splat (i32.const 1))))
              (local.set $acc (i32.add (local.get $acc) (call $call_through_table (local.get $f))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $outer (i32.lt_u (local.get $i) (local.get $n))))
            (local.get $acc))
          (func $call_through_table (param $f funcref) (result i32)
            (table.set $tab (i32.const 1) (local.get $f))
            (call_indirect (type $t) (i32.const 5) (i32.const 1))))
        """;

    public const int Rounds = 8;

    [Fact]
    public void Every_pause_of_a_program_full_of_funcrefs_is_accepted_and_ends_as_the_uninterrupted_run()
    {
        var (reference, referenceInstance) = Programs.Instantiate(FuncRefs);
        var expected = Executor.Invoke(reference, referenceInstance.GetFunction("run"), [Rounds])[0];
        var pauses = 0;
        for (var fuel = 0; ; fuel++)
        {
            var (store, machine) = Start();
            machine.Fuel = fuel;
            if (machine.Run() == RunStatus.Completed)
            {
                break;
            }

            pauses++;
            var file = SnapshotFile.Write(SnapshotWriter.Capture(store, machine));
            var restored = SnapshotRestorer.Restore(
                new LocalSnapshotSource(SnapshotFile.Read(file)),
                new RestoreOptions { Granularity = (Granularity)(fuel % 5), Mode = (CopyMode)(fuel % 2) });
            var resumed = restored.Machine!;
            resumed.Fuel = null;
            Assert.Equal(RunStatus.Completed, resumed.Run());
            Assert.Equal(expected, resumed.Results[0]);
            Assert.Equal(reference.Globals[0].Value, restored.Store.Globals[0].Value);
            Assert.Equal(reference.Tables[0].Elements, restored.Store.Tables[0].Elements);
        }

        output.WriteLine($"{pauses} pauses restored and resumed");
        Assert.True(pauses > 80, $"only {pauses} pauses");
    }

    [Fact]
    public void A_funcref_slot_that_names_no_function_is_refused_or_never_read()
    {
        var (reference, referenceInstance) = Programs.Instantiate(FuncRefs);
        var expected = Executor.Invoke(reference, referenceInstance.GetFunction("run"), [Rounds])[0];
        int refused = 0, operands = 0, unread = 0;
        for (var fuel = 0; ; fuel += 3)
        {
            var (store, machine) = Start();
            machine.Fuel = fuel;
            if (machine.Run() == RunStatus.Completed)
            {
                break;
            }

            var snapshot = SnapshotWriter.Capture(store, machine);
            var execution = RecordCodec.DecodeExecution(snapshot.GetChunk(snapshot.Manifest.Execution!.Value), "paused call");
            var references = store.Modules[0].Functions.Skip(Padding).Take(3).Select(f => RefValue.FromFunction(f)).ToHashSet();
            for (var slot = 0; slot < execution.Stack.Length; slot++)
            {
                if (!references.Contains(execution.Stack[slot]))
                {
                    continue;
                }

                var stack = execution.Stack.ToArray();
                stack[slot] = (ulong)store.Functions.Count + 1000;
                var hostile = Tamper.ReplaceExecution(snapshot, RecordCodec.Encode(execution with { Stack = stack }));
                RestoredInstance restored;
                try
                {
                    restored = SnapshotRestorer.Restore(new LocalSnapshotSource(hostile));
                }
                catch (SnapshotFormatException e)
                {
                    Assert.IsType<WasmRestoreException>(e.InnerException);
                    refused++;
                    operands += e.Message.Contains("operand slot", StringComparison.Ordinal) ? 1 : 0;
                    continue;
                }

                // Accepted: then no run reads the slot before writing it (a stale value), and the run is unchanged.
                restored.Machine!.Fuel = null;
                Assert.Equal(RunStatus.Completed, restored.Machine.Run());
                Assert.Equal(expected, restored.Machine.Results[0]);
                Assert.Equal(reference.Globals[0].Value, restored.Store.Globals[0].Value);
                Assert.Equal(reference.Tables[0].Elements, restored.Store.Tables[0].Elements);
                unread++;
            }
        }

        var summary = $"{refused} hostile funcref slots refused ({operands} on the operand stack), {unread} accepted as never read (the run unchanged)";
        output.WriteLine(summary);
        Assert.True(refused > 20 && operands > 10, summary);
    }

    private static (Store Store, Machine Machine) Start()
    {
        var (store, instance) = Programs.Instantiate(FuncRefs);
        var machine = new Machine(store);
        machine.Start(instance.GetFunction("run"), [Rounds]);
        return (store, machine);
    }
}
