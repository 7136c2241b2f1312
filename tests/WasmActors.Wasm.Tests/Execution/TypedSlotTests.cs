using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using static WasmActors.Wasm.Tests.Execution.ExecutionModules;

namespace WasmActors.Wasm.Tests.Execution;

/// <summary>
/// Float loops in the CIL tier, whose slots may be <c>double</c> locals: every pause leaves in the frame exactly the
/// bits the interpreter leaves, a signalling NaN's payload included, and a frame resumed from them goes on the same.
/// </summary>
public sealed class TypedSlotTests
{
    private const ulong SignallingNan = 0x7FF0_0000_0000_0123;
    private const int Count = 300;

    // Fills memory with i / 2, then sums x * x (odd i) or x * 2 (even i) into an f64 local and the values demoted into
    // an f32 local, while a signalling NaN crosses every iteration through memory and a select.
    private const string Kernel = """
        (module
          (memory 1)
          (func (export "kernel") (param $n i32) (param $nanbits i64) (result i64)
            (local $i i32) (local $acc f64) (local $nan f64) (local $x f64) (local $s f32)
            (local.set $nan (f64.reinterpret_i64 (local.get $nanbits)))
            (block $filled
              (loop $fill
                (br_if $filled (i32.ge_u (local.get $i) (local.get $n)))
                (f64.store (i32.shl (local.get $i) (i32.const 3))
                  (f64.mul (f64.convert_i32_u (local.get $i)) (f64.const 0.5)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $fill)))
            (local.set $i (i32.const 0))
            (block $summed
              (loop $sum
                (br_if $summed (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $x (f64.load (i32.shl (local.get $i) (i32.const 3))))
                (local.set $acc (f64.add (local.get $acc)
                  (if (result f64) (i32.and (local.get $i) (i32.const 1))
                    (then (f64.mul (local.get $x) (local.get $x)))
                    (else (f64.mul (local.get $x) (f64.const 2))))))
                (local.set $s (f32.add (local.get $s) (f32.demote_f64 (local.get $x))))
                (f64.store offset=32768 (i32.const 0) (local.get $nan))
                (local.set $nan (select (f64.load offset=32768 (i32.const 0)) (local.get $x) (local.get $n)))
                (f64.store (i32.shl (local.get $i) (i32.const 3)) (f64.sub (local.get $acc) (local.get $x)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $sum)))
            (i64.xor
              (i64.xor (i64.reinterpret_f64 (local.get $acc)) (i64.reinterpret_f64 (local.get $nan)))
              (i64.extend_i32_u (i32.reinterpret_f32 (local.get $s))))))
        """;

    private static readonly Module Module = ModuleLoader.Load(global::Wasmtime.Module.ConvertText(Kernel));

    private static ulong Expected()
    {
        var acc = 0.0;
        var s = 0f;
        for (var i = 0; i < Count; i++)
        {
            var x = i * 0.5;
            acc += i % 2 == 1 ? x * x : x * 2;
            s += (float)x;
        }

        return BitConverter.DoubleToUInt64Bits(acc) ^ SignallingNan ^ BitConverter.SingleToUInt32Bits(s);
    }

    private static (Store Store, ModuleInstance Instance) Pinned(bool compiled)
    {
        var store = new Store();
        var instance = Instantiate(Module, store);
        TierTests.PinTier(instance, compiled);
        return (store, instance);
    }

    [Fact]
    public void TheKernelsFloatSlotsAreDoubleLocals()
    {
        var code = CompiledFunction.Of((WasmFunction)Pinned(compiled: false).Instance.GetFunction("kernel"));
        var types = new BodyShape(code.Code, code.FrameSize).SlotTypes;
        Assert.Contains(typeof(double), types);
        Assert.Contains(typeof(ulong), types);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(100)]
    public void EveryPauseLeavesTheInterpretersBitsInEverySlot(int budget)
    {
        var (interpretedStore, interpreted) = Pinned(compiled: false);
        var (compiledStore, compiled) = Pinned(compiled: true);
        var a = new Machine(interpretedStore);
        var b = new Machine(compiledStore);
        a.Start(interpreted.GetFunction("kernel"), [Count, SignallingNan]);
        b.Start(compiled.GetFunction("kernel"), [Count, SignallingNan]);
        var pauses = 0;
        var nanSeen = 0;
        while (true)
        {
            a.Fuel = budget;
            b.Fuel = budget;
            var status = a.Run();
            Assert.Equal(status, b.Run());
            if (status == RunStatus.Completed)
            {
                break;
            }

            pauses++;
            Assert.Equal(a.GetFrame(0).Pc, b.GetFrame(0).Pc);
            Assert.Equal(a.Stack.ToArray(), b.Stack.ToArray());
            nanSeen += b.Stack.Contains(SignallingNan) ? 1 : 0;
            if (pauses % 5 == 0)
            {
                // Resume the compiled run in a fresh machine from the saved frame: every slot is loaded back.
                var frames = Enumerable.Range(0, b.FrameCount).Select(b.GetFrame).ToList();
                var stack = b.Stack.ToArray();
                b = new Machine(compiledStore);
                b.Restore(frames, stack);
            }
        }

        Assert.True(pauses >= Count / (budget + 1), $"only {pauses} pauses"); // a run passes budget + 1 checkpoints
        Assert.True(nanSeen > pauses / 2, $"the NaN was in the frame at {nanSeen} of {pauses} pauses");
        Assert.Equal(Expected(), a.Results[0]);
        Assert.Equal(Expected(), b.Results[0]);
    }
}
