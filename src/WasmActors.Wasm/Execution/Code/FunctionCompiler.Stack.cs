using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// The compile-time operand stack. Every stack position has a home slot (locals count + position). An entry is
/// either in its home slot, or still lazy: a local's value (after local.get) or a constant, copied into place only
/// when something needs it there (a branch, a call, a block boundary, a write to that local). This turns
/// <c>local.get a; local.get b; i32.add</c> into one instruction that reads the two locals directly.
/// Positions count values, slots count 64-bit cells: a v128 value is two consecutive slots (low half first), so
/// each entry records its width and the slot it starts at.
/// </summary>
internal sealed partial class FunctionCompiler
{
    /// <summary>
    /// Lazy entries live only in the first positions of the current block: beyond them, values are copied into
    /// place at once. This bounds every scan of the stack, so compile time stays linear on any input.
    /// </summary>
    private const int LazyWindow = 64;

    private enum EntryKind : byte
    {
        Home,
        Local,
        Constant,
    }

    /// <summary>One operand: <see cref="Local"/> is the local's first slot; <see cref="Width"/> is 2 for v128, else 1.</summary>
    private readonly record struct Entry(EntryKind Kind, int Local, ulong Constant, int Width = 1)
    {
        /// <summary>The home slot: where the value lives once materialised (set by <see cref="Push"/>).</summary>
        public int Slot { get; init; }
    }

    private int Height => _stack.Count;

    /// <summary>The first slot above the operand stack.</summary>
    private int NextSlot => _stack.Count == 0 ? _localCount : _stack[^1].Slot + _stack[^1].Width;

    /// <summary>The home slot of the value at <paramref name="position"/> (the stack height for the next push).</summary>
    private int HomeSlot(int position) => position < _stack.Count ? _stack[position].Slot : NextSlot;

    /// <summary>The slots the top <paramref name="count"/> values occupy.</summary>
    private int SlotsOfTop(int count) => count == 0 ? 0 : NextSlot - _stack[^count].Slot;

    private void Push(Entry entry)
    {
        var slot = NextSlot;
        _stack.Add(entry with { Slot = slot });
        _maxHeight = Math.Max(_maxHeight, slot + entry.Width - _localCount);
    }

    private void PushHome(int width = 1) => Push(new Entry(EntryKind.Home, 0, 0, width));

    /// <summary>Pushes a local's value or a constant, lazily when the block's window has room.</summary>
    private void PushLazy(Entry entry)
    {
        Push(entry);
        if (Height - _controls[^1].Height > LazyWindow)
        {
            Materialize(Height - 1);
        }
    }

    private int LazyEnd => Math.Min(Height, _controls[^1].Height + LazyWindow);

    /// <summary>Pushes a result computed into its home slot by the instruction just emitted, whose destination is at <paramref name="dstPosition"/>.</summary>
    private void PushResult(int dstPosition, int width = 1)
    {
        PushHome(width);
        _lastDst = dstPosition;
    }

    /// <summary>Pops the top entry and returns a slot holding its value (a constant is first written to its home slot).</summary>
    private int PopSlot()
    {
        var position = _stack.Count - 1;
        var entry = _stack[position];
        _stack.RemoveAt(position);
        return entry.Kind switch
        {
            EntryKind.Local => entry.Local,
            EntryKind.Home => HomeSlot(position),
            _ => EmitConstant(HomeSlot(position), entry.Constant),
        };
    }

    private bool TopIsConstant(out ulong value)
    {
        var entry = _stack[^1];
        value = entry.Constant;
        return entry.Kind == EntryKind.Constant;
    }

    private void Pop(int count) => _stack.RemoveRange(_stack.Count - count, count);

    /// <summary>Puts the entry at <paramref name="position"/> into its home slot.</summary>
    private void Materialize(int position)
    {
        var entry = _stack[position];
        switch (entry.Kind)
        {
            case EntryKind.Local:
                EmitCopy(entry.Slot, entry.Local, entry.Width);
                break;
            case EntryKind.Constant:
                EmitConstant(entry.Slot, entry.Constant);
                break;
            default:
                return;
        }

        _stack[position] = entry with { Kind = EntryKind.Home, Local = 0, Constant = 0 };
    }

    private void MaterializeTop(int count)
    {
        for (var position = _stack.Count - count; position < _stack.Count; position++)
        {
            Materialize(position);
        }
    }

    /// <summary>Materialises every lazy entry of the current block (entries below it were materialised when it began).</summary>
    private void MaterializeBlock()
    {
        for (var position = _controls[^1].Height; position < LazyEnd; position++)
        {
            Materialize(position);
        }
    }

    /// <summary>Before local <paramref name="local"/> is overwritten, gives every lazy copy of it its own slot.</summary>
    private void MaterializeReadersOf(int local)
    {
        for (var position = _controls[^1].Height; position < LazyEnd; position++)
        {
            if (_stack[position] is { Kind: EntryKind.Local } entry && entry.Local == local)
            {
                Materialize(position);
            }
        }
    }

    /// <summary>Drops everything above <paramref name="height"/> and pushes values of <paramref name="types"/> in their home slots.</summary>
    private void ResetStack(int height, ValType[] types)
    {
        Pop(_stack.Count - height);
        foreach (var type in types)
        {
            PushHome(Slots.Of(type));
        }
    }

    /// <summary>Copies a value of <paramref name="width"/> slots.</summary>
    private void EmitCopy(int dst, int src, int width)
    {
        for (var k = 0; k < width; k++)
        {
            Emit(Op.Copy, dst + k, src + k);
        }
    }

}
