using System.Reflection;
using System.Reflection.Emit;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// Typed slots. Each frame slot has one CIL local, a <c>ulong</c> or, for a slot mostly used as an f64, a <c>double</c>
/// (<see cref="BodyShape.SlotTypes"/>): the JIT keeps a double local in a vector register, so float arithmetic on it needs no
/// moves between integer and vector registers. Within straight-line code a value may sit in a second local of another
/// type (held), as <see cref="FloatSemantics"/> or a load produced it; it goes to the slot's own local before any
/// position another path enters and before an instruction that branches, calls or leaves. Every conversion is a bit
/// cast (a double holds any 64 bits exactly, NaN payloads included, and an f32 is the low half, upper half zero), so
/// the frame receives exactly the bits the interpreter would have written, whichever local held them.
/// </summary>
internal sealed partial class IlCompiler
{
    private static readonly MethodInfo DoubleToBits = typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToUInt64Bits))!;
    private static readonly MethodInfo BitsToDouble = typeof(BitConverter).GetMethod(nameof(BitConverter.UInt64BitsToDouble))!;
    private static readonly MethodInfo SingleToBits = typeof(BitConverter).GetMethod(nameof(BitConverter.SingleToUInt32Bits))!;
    private static readonly MethodInfo BitsToSingle = typeof(BitConverter).GetMethod(nameof(BitConverter.UInt32BitsToSingle))!;

    // The type of each slot's own local, and the slots whose current value is held in a local of another type.
    private readonly Type[] _slotTypes;
    private readonly Dictionary<int, Type> _held = [];
    private readonly Dictionary<(int Slot, Type Type), LocalBuilder> _heldLocals = [];

    /// <summary>Converts the value on the evaluation stack, bit for bit, from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private void EmitConvert(Type from, Type to)
    {
        if (from == to)
        {
            return;
        }

        if (from == typeof(double))
        {
            _il.Emit(OpCodes.Call, DoubleToBits);
        }
        else if (from == typeof(float))
        {
            _il.Emit(OpCodes.Call, SingleToBits);
            _il.Emit(OpCodes.Conv_U8);
        }

        if (to == typeof(double))
        {
            _il.Emit(OpCodes.Call, BitsToDouble);
        }
        else if (to == typeof(float))
        {
            _il.Emit(OpCodes.Conv_U4);
            _il.Emit(OpCodes.Call, BitsToSingle);
        }
    }

    /// <summary>
    /// Loads <paramref name="slot"/>'s value as <paramref name="type"/> (null: as whatever type holds it now) and returns
    /// the type left on the stack. Never changes what holds the value: a load may sit on one of several code paths.
    /// </summary>
    private Type EmitLoadAs(int slot, Type? type)
    {
        var (local, holding) = _held.TryGetValue(slot, out var held) ? (_heldLocals[(slot, held)], held) : (_slots[slot], _slotTypes[slot]);
        _il.Emit(OpCodes.Ldloc, local);
        type ??= holding;
        EmitConvert(holding, type);
        return type;
    }

    /// <summary>Stores the <paramref name="type"/> value on the stack into <paramref name="slot"/>: its own local, or one of that type held until released.</summary>
    private void EmitStoreAs(int slot, Type type)
    {
        if (type == _slotTypes[slot])
        {
            _il.Emit(OpCodes.Stloc, _slots[slot]);
            _held.Remove(slot);
            return;
        }

        if (!_heldLocals.TryGetValue((slot, type), out var local))
        {
            local = _il.DeclareLocal(type);
            _heldLocals[(slot, type)] = local;
        }

        _il.Emit(OpCodes.Stloc, local);
        _held[slot] = type;
    }

    /// <summary>Moves every held value to its slot's own local: before a join, a branch, a call or an exit.</summary>
    private void EmitReleaseHeld()
    {
        foreach (var (slot, type) in _held)
        {
            _il.Emit(OpCodes.Ldloc, _heldLocals[(slot, type)]);
            EmitConvert(type, _slotTypes[slot]);
            _il.Emit(OpCodes.Stloc, _slots[slot]);
        }

        _held.Clear();
    }

    /// <summary>Loads a slot's value for the frame (a ulong, or a double stored as its bits) and returns its type.</summary>
    private Type EmitLoadForFrame(int slot)
    {
        var type = _held.TryGetValue(slot, out var held) ? held : _slotTypes[slot];
        return EmitLoadAs(slot, type == typeof(float) ? typeof(ulong) : type);
    }

    /// <summary>The frame's 8 bytes of a slot, as its local's type.</summary>
    private static OpCode FrameLoad(Type type) => type == typeof(double) ? OpCodes.Ldind_R8 : OpCodes.Ldind_I8;

    private static OpCode FrameStore(Type type) => type == typeof(double) ? OpCodes.Stind_R8 : OpCodes.Stind_I8;

    /// <summary>Writes a slot's value to its place in the frame (its address is on the stack).</summary>
    private void EmitStoreToFrame(int slot) => _il.Emit(FrameStore(EmitLoadForFrame(slot)));

    /// <summary>Reads a slot's value from its place in the frame (its address is on the stack) into its own local.</summary>
    private void EmitLoadFromFrame(int slot)
    {
        _il.Emit(FrameLoad(_slotTypes[slot]));
        _il.Emit(OpCodes.Stloc, _slots[slot]);
        _held.Remove(slot);
    }
}
