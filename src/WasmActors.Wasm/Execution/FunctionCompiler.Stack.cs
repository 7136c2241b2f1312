namespace WasmActors.Wasm.Execution;

/// <summary>
/// The compile-time operand stack. Every stack position has a home slot (locals count + position). An entry is
/// either in its home slot, or still lazy: a local's value (after local.get) or a constant, copied into place only
/// when something needs it there (a branch, a call, a block boundary, a write to that local). This turns
/// <c>local.get a; local.get b; i32.add</c> into one instruction that reads the two locals directly.
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

    private readonly record struct Entry(EntryKind Kind, int Local, ulong Constant);

    private int Height => _stack.Count;

    private int HomeSlot(int position) => _localCount + position;

    private void Push(Entry entry)
    {
        _stack.Add(entry);
        _maxHeight = Math.Max(_maxHeight, _stack.Count);
    }

    private void PushHome() => Push(new Entry(EntryKind.Home, 0, 0));

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
    private void PushResult(int dstPosition)
    {
        PushHome();
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
                Emit(Op.Copy, HomeSlot(position), entry.Local);
                break;
            case EntryKind.Constant:
                EmitConstant(HomeSlot(position), entry.Constant);
                break;
            default:
                return;
        }

        _stack[position] = new Entry(EntryKind.Home, 0, 0);
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

    /// <summary>Drops everything above <paramref name="height"/> and pushes <paramref name="count"/> values in their home slots.</summary>
    private void ResetStack(int height, int count)
    {
        Pop(_stack.Count - height);
        for (var i = 0; i < count; i++)
        {
            PushHome();
        }
    }
}
