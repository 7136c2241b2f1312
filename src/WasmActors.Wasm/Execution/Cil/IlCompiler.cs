using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.InteropServices;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// The second tier: translates a function's internal code (<see cref="Op"/>) into CIL, one instruction after the
/// other, with the same slots, the same checkpoints and the same positions as the interpreter. Inside the body the
/// frame's slots are CIL locals (so the JIT can keep them in registers): they are loaded from the frame when the body
/// starts or resumes and written back before a pause; a call writes back the slots from the callee's base up and
/// reloads them afterwards, so the machine's state is complete whenever the machine is stopped. A slot used mostly as
/// an f64 is a <c>double</c> local, the others <c>ulong</c> ones (see IlCompiler.Slots.cs). The JIT removes dispatch
/// and inlines the <see cref="OpSemantics"/>, <see cref="FloatSemantics"/> and <see cref="IlHelpers"/> functions.
/// </summary>
internal sealed partial class IlCompiler
{
    /// <summary>Bodies longer than this (in code ints) stay interpreted: the JIT's time grows faster than their benefit.</summary>
    public const int MaxCodeLength = 200_000;

    /// <summary>Frames with more slots stay interpreted: slots become CIL locals, loaded and spilled at every entry and exit.</summary>
    public const int MaxFrameSlots = 2_048;

    /// <summary>Whether the CIL tier can take the function (a function is compiled once it is hot, see <see cref="Tiering"/>).</summary>
    public static bool CanCompile(CompiledFunction function) => function.Code.Length <= MaxCodeLength && function.FrameSize <= MaxFrameSlots;

    /// <summary>
    /// How many times the tier threshold a function must be hot before it is compiled: 1 for small functions, growing
    /// with the square of the code length, as the JIT's time does (a 6,500-int body takes it most of a second).
    /// </summary>
    public static long CompileCost(CompiledFunction function)
    {
        var scaled = function.Code.Length / 300L;
        return 1 + (scaled * scaled);
    }

    // Argument 0 is the body's own FunctionCode, which its delegate is closed over: a closed delegate of a static
    // method is called without the argument-shuffling thunk that an open one needs.
    private const int ArgMachine = 1;
    private const int ArgFrame = 2;
    private const int ArgModule = 3;
    private const int ArgMemory = 4;
    private const int ArgResume = 5;
    private const int ArgFuel = 6;
    private const int ArgPc = 7;

    private static readonly FieldInfo PauseField = typeof(Machine).GetField("_pauseRequested", BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo CallDirectMethod = typeof(Machine).GetMethod(nameof(Machine.CallDirect), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo CallDefinedMethod = typeof(Machine).GetMethod(nameof(Machine.CallDefined), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo CallIndirectMethod = typeof(Machine).GetMethod(nameof(Machine.CallIndirect), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly FieldInfo CallExitField = typeof(Machine).GetField(nameof(Machine.CallExit), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly FieldInfo TlbsField = typeof(MemoryInstance).GetField(nameof(MemoryInstance.Tlbs), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo LoadMissMethod = typeof(MemoryInstance).GetMethod(nameof(MemoryInstance.LoadMiss), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo StoreMissMethod = typeof(MemoryInstance).GetMethod(nameof(MemoryInstance.StoreMiss), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly FieldInfo EntryBaseField = typeof(TlbEntry).GetField(nameof(TlbEntry.Base))!;
    private static readonly FieldInfo EntryPageField = typeof(TlbEntry).GetField(nameof(TlbEntry.Page))!;
    private static readonly MethodInfo EntriesMethod = typeof(MemoryMarshal).GetMethod(nameof(MemoryMarshal.GetArrayDataReference), 1, [Type.MakeGenericMethodParameter(0).MakeArrayType()])!.MakeGenericMethod(typeof(TlbEntry));
    private static readonly MethodInfo BytesMethod = typeof(MemoryMarshal).GetMethod(nameof(MemoryMarshal.GetArrayDataReference), 1, [Type.MakeGenericMethodParameter(0).MakeArrayType()])!.MakeGenericMethod(typeof(byte));
    private static readonly MethodInfo TlbIndexShiftGetter = typeof(MemoryInstance).GetProperty(nameof(MemoryInstance.TlbIndexShift), BindingFlags.NonPublic | BindingFlags.Instance)!.GetMethod!;
    private static readonly MethodInfo QuietF32Method = typeof(Numerics).GetMethod(nameof(Numerics.QuietF32))!;
    private static readonly MethodInfo QuietF64Method = typeof(Numerics).GetMethod(nameof(Numerics.QuietF64))!;
    private static readonly MethodInfo CacheReachGetter = typeof(MemoryInstance).GetProperty(nameof(MemoryInstance.CacheReach), BindingFlags.NonPublic | BindingFlags.Instance)!.GetMethod!;

    private readonly int[] _code;
    private readonly int _paramCount;
    private readonly ILGenerator _il;
    private readonly Dictionary<int, Label> _labels = [];
    private readonly Dictionary<int, Label> _checkpoints = [];
    private readonly LocalBuilder _fuel;

    // The fuel a call helper takes by reference: a copy of _fuel around each call, so that _fuel itself is never
    // address-exposed and the JIT keeps it in a register (an exposed local is read and written in memory at every
    // checkpoint, a store-to-load chain through each loop iteration).
    private readonly LocalBuilder _callFuel;
    private readonly LocalBuilder _exit;
    private readonly ModuleInstance _module;
    private readonly Label _exitLabel;
    private readonly Label _spillExitLabel;
    private readonly Label[] _spillBelow;
    private readonly LocalBuilder[] _slots;

    private readonly BodyShape _shape;

    // The memory's translation caches and their index shift, loaded once on entry: they never change for a memory, so
    // the JIT can keep them in registers across the body's loads and stores. The first entry of the caches (a byref
    // into their array): the write cache is at a constant displacement from it, so the body needs one register for
    // both. The caches' reach (a page, or a flat memory's length) is loaded on entry too, and again after anything that
    // may grow the memory or end its flat mode: a call, memory.grow.
    private readonly LocalBuilder _tlbs;
    private readonly LocalBuilder _tlbIndexShift;
    private readonly LocalBuilder _reach;
    private bool _usesCaches;

    // Slots holding a constant the JIT sees in the current straight-line code (TrackConstants).
    private readonly HashSet<int> _constantSlots = [];

    // The page the body's last load (store) hit, as its cache entry had it: checked before the cache itself, so a run
    // of accesses to one page costs a subtraction and a comparison with everything in registers. The read copy is
    // dropped whenever the body's own code may have copied a page on write (a store miss, a bulk memory operation), and
    // both are dropped after every call (a host function may fork or freeze) and on every entry.
    private readonly LocalBuilder _lastReadBase;
    private readonly LocalBuilder _lastReadPage;
    private readonly LocalBuilder _lastWriteBase;
    private readonly LocalBuilder _lastWritePage;

    // Scratch for one load or store: its address, its cache entry and its offset in the entry's page.
    private readonly LocalBuilder _address;
    private readonly LocalBuilder _entry;
    private readonly LocalBuilder _offset;
    private int _pendingStore;
    private bool _inlineAccesses;

    private IlCompiler(FunctionCode function, DynamicMethod method, ModuleInstance module, int paramCount)
    {
        _code = function.Code;
        _paramCount = paramCount;
        _module = module;
        _il = method.GetILGenerator();
        _fuel = _il.DeclareLocal(typeof(long));
        _callFuel = _il.DeclareLocal(typeof(long));
        _exit = _il.DeclareLocal(typeof(int));
        _exitLabel = _il.DefineLabel();
        _tlbs = _il.DeclareLocal(typeof(TlbEntry).MakeByRefType());
        _lastReadBase = _il.DeclareLocal(typeof(ulong));
        _lastReadPage = _il.DeclareLocal(typeof(byte[]));
        _lastWriteBase = _il.DeclareLocal(typeof(ulong));
        _lastWritePage = _il.DeclareLocal(typeof(byte[]));
        _address = _il.DeclareLocal(typeof(ulong));
        _entry = _il.DeclareLocal(typeof(TlbEntry).MakeByRefType());
        _offset = _il.DeclareLocal(typeof(ulong));
        _tlbIndexShift = _il.DeclareLocal(typeof(int));
        _reach = _il.DeclareLocal(typeof(ulong));
        _shape = new BodyShape(function.Code, function.FrameSize);
        _slotTypes = _shape.SlotTypes;
        _slots = new LocalBuilder[function.FrameSize];
        _spillBelow = new Label[function.FrameSize + 1];
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            _slots[slot] = _il.DeclareLocal(_slotTypes[slot]);
        }

        for (var count = 0; count <= _slots.Length; count++)
        {
            _spillBelow[count] = _il.DefineLabel();
        }

        _spillExitLabel = _spillBelow[_slots.Length];
    }

    /// <summary>
    /// Bodies with more loads and stores than this call a helper for each (which the JIT inlines while its budget lasts)
    /// instead of writing the cache lookup out: each written-out access adds four basic blocks and some 80 bytes of
    /// CIL, and a method past 2,000 blocks or 60,000 bytes of CIL is compiled by the JIT without optimisation.
    /// </summary>
    public const int MaxInlineMemoryAccesses = 250;

    /// <summary>A body whose CIL grows past this with written-out accesses is compiled again with helper calls.</summary>
    private const int MaxInlineAccessIlBytes = 50_000;

    /// <param name="paramCount">Slots the function's parameters take: a fresh entry loads only these from the frame.</param>
    public static CompiledBody Compile(FunctionCode function, string name, ModuleInstance module, int paramCount)
    {
        var accesses = 0;
        for (var pc = 0; pc < function.Code.Length; pc += OpInfo.Length(function.Code, pc))
        {
            accesses += IsLoadOrStore(function.Code, pc) ? 1 : 0;
        }

        var inline = accesses <= MaxInlineMemoryAccesses;
        var (body, ilBytes) = Compile(function, name, module, paramCount, inline);
        return inline && ilBytes > MaxInlineAccessIlBytes ? Compile(function, name, module, paramCount, inlineAccesses: false).Body : body;
    }

    private static (CompiledBody Body, int IlBytes) Compile(FunctionCode function, string name, ModuleInstance module, int paramCount, bool inlineAccesses)
    {
        // InitLocals (the default) zeroes the CIL locals on every entry: a fresh entry relies on it for the wasm locals.
        var method = new DynamicMethod(
            "wasm:" + name,
            typeof(BodyExit),
            [typeof(FunctionCode), typeof(Machine), typeof(ulong).MakeByRefType(), typeof(ModuleInstance), typeof(MemoryInstance), typeof(int), typeof(long).MakeByRefType(), typeof(int).MakeByRefType()],
            typeof(IlCompiler).Module,
            skipVisibility: true);
        var compiler = new IlCompiler(function, method, module, paramCount) { _inlineAccesses = inlineAccesses };
        var resumeIndex = compiler.EmitBody();
        return (new CompiledBody(method.CreateDelegate<CompiledBodyDelegate>(function), resumeIndex), compiler._il.ILOffset);
    }

    private int[] EmitBody()
    {
        var starts = _shape.Starts;
        var resumePoints = _shape.ResumePoints;
        var joins = _shape.Joins;
        foreach (var pc in starts)
        {
            _labels[pc] = _il.DefineLabel();
        }

        var resumeIndex = new int[_code.Length + 1];
        Array.Fill(resumeIndex, -1);
        var ordered = resumePoints.Where(p => p < _code.Length).ToArray();
        for (var i = 0; i < ordered.Length; i++)
        {
            resumeIndex[ordered[i]] = i;
        }

        // Prologue: fuel into a local, the memory's caches too if the body loads or stores, then jump to the resume point.
        EmitArg(ArgFuel);
        _il.Emit(OpCodes.Ldind_I8);
        _il.Emit(OpCodes.Stloc, _fuel);
        _usesCaches = _inlineAccesses && starts.Any(pc => IsLoadOrStore(_code, pc));
        if (_usesCaches)
        {
            EmitArg(ArgMemory);
            _il.Emit(OpCodes.Ldfld, TlbsField);
            _il.Emit(OpCodes.Call, EntriesMethod);
            _il.Emit(OpCodes.Stloc, _tlbs);
            EmitArg(ArgMemory);
            _il.Emit(OpCodes.Call, TlbIndexShiftGetter);
            _il.Emit(OpCodes.Stloc, _tlbIndexShift);
            EmitReloadMemory();
        }

        // A fresh entry (a call) starts at position 0 with only the parameters in the frame; the wasm locals and
        // operand slots are the zeroed CIL locals. Any other entry resumes a stopped frame with all its slots.
        var resume = _il.DefineLabel();
        EmitArg(ArgResume);
        _il.Emit(OpCodes.Ldc_I4, CompiledBody.FreshEntry);
        _il.Emit(OpCodes.Bne_Un, resume);
        EmitLoadSlots(_paramCount);
        _il.Emit(OpCodes.Br, _labels[0]);
        _il.MarkLabel(resume);
        EmitLoadSlots(_slots.Length);
        EmitArg(ArgResume);
        _il.Emit(OpCodes.Switch, ordered.Select(p => _labels[p]).ToArray());
        _il.Emit(OpCodes.Br, _labels[0]);

        foreach (var pc in starts)
        {
            // v128 results held in vectors go to their slots before every position another path enters, and before
            // an instruction that reads or writes them as scalars, branches, calls or leaves.
            if (resumePoints.Contains(pc) || joins.Contains(pc))
            {
                EmitReleaseAll();
                _constantSlots.Clear();
            }
            else if ((Op)_code[pc] != Op.Simd)
            {
                ReleaseVectorsFor(pc);
            }

            _il.MarkLabel(_labels[pc]);
            EmitInstruction(pc);
            TrackConstants(pc);
        }

        EmitReleaseAll();

        EmitCheckpoints();

        // Epilogue: calls and pauses leave every slot in the frame; then give the fuel back and report why the body stopped.
        EmitSpillAllSlots();
        _il.MarkLabel(_exitLabel);
        EmitArg(ArgFuel);
        _il.Emit(OpCodes.Ldloc, _fuel);
        _il.Emit(OpCodes.Stind_I8);
        _il.Emit(OpCodes.Ldloc, _exit);
        _il.Emit(OpCodes.Ret);
        return resumeIndex;
    }

    private int Length(int pc) => OpInfo.Length(_code, pc);

    /// <summary>
    /// Which slots hold a constant the JIT can see, after the instruction at <paramref name="pc"/>: a constant, or a
    /// copy of one, since the last position another path enters (see <see cref="Numerics.QuietF32"/>). Any
    /// instruction that writes slots in other ways forgets them all.
    /// </summary>
    private void TrackConstants(int pc)
    {
        var op = (Op)_code[pc];
        switch (op)
        {
            case Op.Const32 or Op.Const64:
                _constantSlots.Add(_code[pc + 1]);
                return;
            case Op.Copy when _constantSlots.Contains(_code[pc + 2]):
                _constantSlots.Add(_code[pc + 1]);
                return;
        }

        if (OpMethods.Semantics(op) is null && OpInfo.Access(op) is not (MemoryAccess.Load or MemoryAccess.Store))
        {
            _constantSlots.Clear();
            return;
        }

        var operands = OpInfo.Operands(op);
        for (var k = 0; k < operands.Length; k++)
        {
            if (operands[k] == Operand.Result)
            {
                _constantSlots.Remove(_code[pc + 1 + k]);
            }
        }
    }

    /// <summary>The NaN quieting a float arithmetic op's result needs when an operand is a constant (see <see cref="Numerics.QuietF32"/>).</summary>
    private static MethodInfo? QuietingFor(Op op) => op switch
    {
        Op.F32Add or Op.F32Sub or Op.F32Mul or Op.F32Div => QuietF32Method,
        Op.F64Add or Op.F64Sub or Op.F64Mul or Op.F64Div => QuietF64Method,
        _ => null,
    };

    private IEnumerable<int> BranchTargets(int pc) => OpInfo.BranchTargets(_code, pc);

    private static bool IsLoadOrStore(int[] code, int pc) =>
        OpInfo.Access((Op)code[pc]) is MemoryAccess.Load or MemoryAccess.Store || IsVectorLoadOrStore(code, pc);

    private void EmitInstruction(int pc)
    {
        var op = (Op)_code[pc];
        int At(int k) => _code[pc + k];
        switch (op)
        {
            case Op.Copy:
                EmitStoreAs(At(1), EmitLoadAs(At(2), null));
                break;
            case Op.Const32:
                EmitSlotAddress(At(1));
                _il.Emit(OpCodes.Ldc_I8, (long)(uint)At(2));
                EmitStoreSlot();
                break;
            case Op.Const64:
                var bits = (uint)At(2) | ((ulong)(uint)At(3) << 32);
                if (WrittenType(At(1), pc) == typeof(double))
                {
                    _il.Emit(OpCodes.Ldc_R8, BitConverter.UInt64BitsToDouble(bits));
                    EmitStoreAs(At(1), typeof(double));
                }
                else
                {
                    _il.Emit(OpCodes.Ldc_I8, (long)bits);
                    EmitStoreAs(At(1), typeof(ulong));
                }

                break;
            case Op.Br:
                _il.Emit(OpCodes.Br, BranchTo(pc, At(1)));
                break;
            case Op.BrCopy:
                for (var k = 0; k < At(3); k++)
                {
                    EmitStoreAs(At(1) + k, EmitLoadAs(At(2) + k, _slotTypes[At(1) + k]));
                }

                _il.Emit(OpCodes.Br, BranchTo(pc, At(4)));
                break;
            case Op.BrIfNez:
            case Op.BrIfEqz:
                EmitLoad32(At(1));
                _il.Emit(op == Op.BrIfNez ? OpCodes.Brtrue : OpCodes.Brfalse, BranchTo(pc, At(2)));
                break;
            case Op.BrTable:
                EmitLoad32(At(1));
                _il.Emit(OpCodes.Switch, Enumerable.Range(0, At(2)).Select(k => BranchTo(pc, At(3 + k))).ToArray());
                _il.Emit(OpCodes.Br, BranchTo(pc, At(3 + At(2))));
                break;
            case Op.Return:
                EmitExit(BodyExit.Return);
                break;
            case Op.Return1:
                EmitArg(ArgFrame);
                EmitStoreToFrame(At(1));
                EmitExit(BodyExit.Return);
                break;
            case Op.ReturnN:
                for (var k = 0; k < At(2); k++)
                {
                    EmitFrameAddress(k);
                    EmitStoreToFrame(At(1) + k);
                }

                EmitExit(BodyExit.Return);
                break;
            case Op.Call:
                // A function defined in this module shares its memory; an import may be another module's or the host's.
                var defined = At(1) >= _module.Module.ImportedFunctionCount;
                EmitSpillRange(At(2), Slots.Of(_module.Functions[At(1)].Type.Parameters));
                EmitArg(ArgMachine);
                EmitArg(ArgModule);
                if (defined)
                {
                    EmitArg(ArgMemory);
                }

                _il.Emit(OpCodes.Ldc_I4, At(1));
                _il.Emit(OpCodes.Ldc_I4, At(2));
                _il.Emit(OpCodes.Ldc_I4, pc + 3);
                EmitCallFuel();
                _il.Emit(OpCodes.Call, defined ? CallDefinedMethod : CallDirectMethod);
                EmitAfterCall(At(2), Slots.Of(_module.Functions[At(1)].Type.Results), pc + 3);
                break;
            case Op.CallIndirect:
                EmitSpillRange(At(3), Slots.Of(_module.Types[At(1)].Parameters));
                EmitArg(ArgMachine);
                EmitArg(ArgModule);
                _il.Emit(OpCodes.Ldc_I4, At(1));
                _il.Emit(OpCodes.Ldc_I4, At(2));
                EmitLoad32(At(4));
                _il.Emit(OpCodes.Ldc_I4, At(3));
                _il.Emit(OpCodes.Ldc_I4, pc + 5);
                EmitCallFuel();
                _il.Emit(OpCodes.Call, CallIndirectMethod);
                EmitAfterCall(At(3), Slots.Of(_module.Types[At(1)].Results), pc + 5);
                break;
            case Op.Simd:
                EmitSimd(pc);
                break;
            default:
                EmitGeneral(op, pc);
                break;
        }
    }

    /// <summary>The ops not written out above: by how they touch memory, else through their helper or semantics.</summary>
    private void EmitGeneral(Op op, int pc)
    {
        int At(int k) => _code[pc + k];
        switch (OpInfo.Access(op))
        {
            case MemoryAccess.Load when _inlineAccesses:
                EmitStoreAs(At(1), EmitMemoryLoad(op, At(2), At(3), WrittenType(At(1), pc)));
                return;
            case MemoryAccess.Store when _inlineAccesses:
                EmitMemoryStore(op, At(1), At(3), At(2));
                return;
            case MemoryAccess.Load:
                EmitSlotAddress(At(1));
                EmitArg(ArgMemory);
                EmitEffectiveAddress(At(2), At(3));
                _il.Emit(OpCodes.Call, OpMethods.Helper(op)!.Value.Method);
                EmitStoreSlot();
                return;
            case MemoryAccess.Store:
                EmitArg(ArgMemory);
                EmitEffectiveAddress(At(1), At(3));
                EmitLoad(At(2));
                _il.Emit(OpCodes.Call, OpMethods.Helper(op)!.Value.Method);
                return;
        }

        if (OpMethods.Helper(op) is { } helper)
        {
            EmitHelper(helper, pc, OpInfo.Operands(op));
            switch (OpInfo.Access(op))
            {
                case MemoryAccess.BulkWrite:
                    EmitForgetLastRead();
                    break;
                case MemoryAccess.Grow:
                    EmitReloadMemory();
                    break;
            }
        }
        else
        {
            EmitSemantics(op, pc);
        }
    }

    /// <summary>A numeric op: its <see cref="OpSemantics"/> method on its operands, the result to its slot or, for a compare-and-branch, a branch.</summary>
    private void EmitSemantics(Op op, int pc)
    {
        var target = -1;
        var constantOperand = false;
        var operands = OpInfo.Operands(op);
        var typed = BodyShape.TypedSemanticsOf(op);
        var parameters = typed?.GetParameters();
        var parameter = 0;
        for (var k = 0; k < operands.Length; k++)
        {
            var operand = _code[pc + 1 + k];
            switch (operands[k])
            {
                case Operand.Result:
                    EmitSlotAddress(operand);
                    break;
                case Operand.Slot:
                    EmitLoadAs(operand, parameters?[parameter++].ParameterType ?? typeof(ulong));
                    constantOperand |= _constantSlots.Contains(operand);
                    break;
                case Operand.Imm:
                    _il.Emit(OpCodes.Ldc_I4, operand);
                    break;
                case Operand.Target:
                    target = operand;
                    break;
            }
        }

        var method = typed ?? OpMethods.Semantics(op) ?? throw new NotSupportedException($"{op} runs in the interpreter only");
        _il.Emit(OpCodes.Call, method);
        var result = method.ReturnType;
        if (constantOperand && QuietingFor(op) is { } quiet)
        {
            EmitConvert(result, quiet.ReturnType);
            _il.Emit(OpCodes.Call, quiet);
            result = quiet.ReturnType;
        }

        if (target >= 0)
        {
            _il.Emit(OpCodes.Brtrue, BranchTo(pc, target));
        }
        else
        {
            EmitStoreAs(_pendingStore, result);
        }
    }

    /// <summary>
    /// A helper call laid out like the instruction: [dst] slots... immediates..., with the module and/or memory
    /// first when the helper takes them.
    /// </summary>
    private void EmitHelper(HelperCall helper, int pc, Operand[] operands)
    {
        var hasResult = operands.Length > 0 && operands[0] == Operand.Result;
        if (hasResult)
        {
            EmitSlotAddress(_code[pc + 1]);
        }

        if (helper.TakesModule)
        {
            EmitArg(ArgModule);
        }

        if (helper.TakesMemory)
        {
            EmitArg(ArgMemory);
        }

        for (var k = hasResult ? 1 : 0; k < operands.Length; k++)
        {
            if (operands[k] == Operand.Imm)
            {
                _il.Emit(OpCodes.Ldc_I4, _code[pc + 1 + k]);
            }
            else
            {
                EmitLoad(_code[pc + 1 + k]);
            }
        }

        _il.Emit(OpCodes.Call, helper.Method);
        if (hasResult)
        {
            EmitStoreSlot();
        }
    }

    /// <summary>
    /// Where the branch at <paramref name="pc"/> to <paramref name="target"/> goes: a branch forwards straight to its
    /// target, one back (a loop) through the target's shared checkpoint, which consumes fuel, honours a pause request
    /// and goes on.
    /// </summary>
    private Label BranchTo(int pc, int target)
    {
        if (!Checkpoints.IsLoopBack(pc, target))
        {
            return _labels[target];
        }

        if (!_checkpoints.TryGetValue(target, out var label))
        {
            label = _il.DefineLabel();
            _checkpoints[target] = label;
        }

        return label;
    }

    private void EmitCheckpoints()
    {
        foreach (var (target, label) in _checkpoints)
        {
            var pause = _il.DefineLabel();
            _il.MarkLabel(label);
            _il.Emit(OpCodes.Ldloc, _fuel);
            _il.Emit(OpCodes.Ldc_I8, 1L);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Stloc, _fuel);
            _il.Emit(OpCodes.Ldc_I8, 0L);
            _il.Emit(OpCodes.Blt, pause);
            EmitArg(ArgMachine);
            _il.Emit(OpCodes.Volatile);
            _il.Emit(OpCodes.Ldfld, PauseField);
            _il.Emit(OpCodes.Brtrue, pause);
            _il.Emit(OpCodes.Br, _labels[target]);
            _il.MarkLabel(pause);
            EmitStop(BodyExit.Pause, target);
        }
    }

    private void EmitStop(BodyExit exit, int pc)
    {
        EmitArg(ArgPc);
        _il.Emit(OpCodes.Ldc_I4, pc);
        _il.Emit(OpCodes.Stind_I4);
        _il.Emit(OpCodes.Ldc_I4, (int)exit);
        _il.Emit(OpCodes.Stloc, _exit);
        _il.Emit(OpCodes.Br, _spillExitLabel);
    }

    private void EmitExit(BodyExit exit)
    {
        _il.Emit(OpCodes.Ldc_I4, (int)exit);
        _il.Emit(OpCodes.Stloc, _exit);
        _il.Emit(OpCodes.Br, _exitLabel);
    }

    private void EmitArg(int index) => _il.Emit(OpCodes.Ldarg_S, (byte)index);

    /// <summary>The address of a slot in the frame (the machine's stack), where the slots live outside the body.</summary>
    private void EmitFrameAddress(int slot)
    {
        EmitArg(ArgFrame);
        if (slot != 0)
        {
            _il.Emit(OpCodes.Ldc_I4, slot * 8);
            _il.Emit(OpCodes.Add);
        }
    }

    /// <summary>Names the slot the next <see cref="EmitStoreSlot"/> writes (inside the body, slots are CIL locals).</summary>
    private void EmitSlotAddress(int slot) => _pendingStore = slot;

    private void EmitStoreSlot() => EmitStoreAs(_pendingStore, typeof(ulong));

    private void EmitLoad(int slot) => EmitLoadAs(slot, typeof(ulong));

    /// <summary>The type a load or constant writes to <paramref name="slot"/> in: the one its first reader wants, else its slot's.</summary>
    private Type WrittenType(int slot, int pc) => _shape.FirstReadType(slot, pc) ?? _slotTypes[slot];

    /// <summary>The low 32 bits of a slot (an i32 value).</summary>
    private void EmitLoad32(int slot)
    {
        EmitLoad(slot);
        _il.Emit(OpCodes.Conv_U4);
    }

    /// <summary>The first <paramref name="count"/> slots go from the frame into CIL locals when the body starts or resumes.</summary>
    private void EmitLoadSlots(int count)
    {
        for (var slot = 0; slot < count; slot++)
        {
            EmitFrameAddress(slot);
            EmitLoadFromFrame(slot);
        }
    }

    /// <summary>
    /// ...and back to the frame before a pause, from the last slot down: entered at <c>_spillBelow[n]</c>, the code spills
    /// slots n-1 down to 0 (a call that unwinds leaves the slots from its callee's base up to the callee's frame).
    /// </summary>
    private void EmitSpillAllSlots()
    {
        for (var slot = _slots.Length - 1; slot >= 0; slot--)
        {
            _il.MarkLabel(_spillBelow[slot + 1]);
            EmitFrameAddress(slot);
            _il.Emit(OpCodes.Ldloc, _slots[slot]);
            _il.Emit(FrameStore(_slotTypes[slot]));
        }

        _il.MarkLabel(_spillBelow[0]);
    }

    /// <summary>
    /// Before a call: the arguments go to the frame, where the callee's frame starts. The other slots stay in CIL
    /// locals: the callee never touches those below its base, and those above the arguments are dead.
    /// </summary>
    private void EmitSpillRange(int first, int count)
    {
        for (var slot = first; slot < first + count; slot++)
        {
            EmitFrameAddress(slot);
            EmitStoreToFrame(slot);
        }
    }

    /// <summary>The fuel argument of a call helper: the address of <see cref="_callFuel"/>, holding the body's fuel.</summary>
    private void EmitCallFuel()
    {
        _il.Emit(OpCodes.Ldloc, _fuel);
        _il.Emit(OpCodes.Stloc, _callFuel);
        _il.Emit(OpCodes.Ldloca, _callFuel);
    }

    /// <summary>
    /// After a call (the machine's helper left the caller's slot 0 on the evaluation stack, which moves when the stack
    /// grows): take the new frame address; if the call paused or unwound, leave the return position and spill the
    /// slots below the callee's base (the callee's frame is in the stack already); else load the results and go on.
    /// </summary>
    private void EmitAfterCall(int first, int results, int returnPc)
    {
        _il.Emit(OpCodes.Starg_S, (byte)ArgFrame);
        _il.Emit(OpCodes.Ldloc, _callFuel);
        _il.Emit(OpCodes.Stloc, _fuel);
        var next = _il.DefineLabel();
        EmitArg(ArgMachine);
        _il.Emit(OpCodes.Ldfld, CallExitField);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, _exit);
        _il.Emit(OpCodes.Brfalse, next);
        EmitArg(ArgPc);
        _il.Emit(OpCodes.Ldc_I4, returnPc);
        _il.Emit(OpCodes.Stind_I4);
        _il.Emit(OpCodes.Br, _spillBelow[first]);
        _il.MarkLabel(next);
        EmitReloadMemory();
        for (var slot = first; slot < first + results; slot++)
        {
            EmitFrameAddress(slot);
            EmitLoadFromFrame(slot);
        }
    }

    /// <summary>What a load reads: the type, its CIL load and the conversion of the loaded value to a slot's ulong.</summary>
    private static (Type Type, OpCode Load, OpCode Widen) LoadShape(Op op) => op switch
    {
        Op.I32Load => (typeof(uint), OpCodes.Ldind_U4, OpCodes.Conv_U8),
        Op.I64Load => (typeof(ulong), OpCodes.Ldind_I8, OpCodes.Nop),
        Op.I32Load8S => (typeof(sbyte), OpCodes.Ldind_I1, OpCodes.Conv_U8),   // sign-extended to 32 bits only
        Op.I32Load8U => (typeof(byte), OpCodes.Ldind_U1, OpCodes.Conv_U8),
        Op.I32Load16S => (typeof(short), OpCodes.Ldind_I2, OpCodes.Conv_U8),
        Op.I32Load16U => (typeof(ushort), OpCodes.Ldind_U2, OpCodes.Conv_U8),
        Op.I64Load8S => (typeof(sbyte), OpCodes.Ldind_I1, OpCodes.Conv_I8),
        Op.I64Load16S => (typeof(short), OpCodes.Ldind_I2, OpCodes.Conv_I8),
        Op.I64Load32S => (typeof(int), OpCodes.Ldind_I4, OpCodes.Conv_I8),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>What a store writes: the type, the narrowing of the slot's ulong to it and its CIL store.</summary>
    private static (Type Type, OpCode Narrow, OpCode Store) StoreShape(Op op) => op switch
    {
        Op.I32Store => (typeof(uint), OpCodes.Conv_U4, OpCodes.Stind_I4),
        Op.I64Store => (typeof(ulong), OpCodes.Nop, OpCodes.Stind_I8),
        Op.I32Store8 => (typeof(byte), OpCodes.Conv_U1, OpCodes.Stind_I1),
        Op.I32Store16 => (typeof(ushort), OpCodes.Conv_U2, OpCodes.Stind_I2),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>
    /// A load, written out in the body (not a helper call: the JIT stops inlining in large bodies once its budget is
    /// spent): the address's entry in the read cache; on a hit, the bytes straight from the entry's page; on a miss,
    /// <see cref="MemoryInstance.LoadMiss{T}"/>. Leaves the slot value on the stack.
    /// </summary>
    private Type EmitMemoryLoad(Op op, int addressSlot, int offset, Type resultType)
    {
        var (type, load, widen) = LoadShape(op);
        if (op == Op.I64Load && resultType == typeof(double))
        {
            (type, load) = (typeof(double), OpCodes.Ldind_R8);
        }

        var miss = _il.DefineLabel();
        var done = _il.DefineLabel();
        EmitCacheLookup(0, _lastReadBase, _lastReadPage, addressSlot, offset, Marshal.SizeOf(type), miss);
        EmitPageByte(_lastReadPage);
        _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(load);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(miss);
        EmitArg(ArgMemory);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Call, LoadMissMethod.MakeGenericMethod(type));
        _il.MarkLabel(done);
        if (widen != OpCodes.Nop)
        {
            _il.Emit(widen);
        }

        return type == typeof(double) ? type : typeof(ulong);
    }

    /// <summary>A store, written out like <see cref="EmitMemoryLoad"/>, through the write cache (owned pages only).</summary>
    private void EmitMemoryStore(Op op, int addressSlot, int offset, int valueSlot)
    {
        var (type, narrow, store) = StoreShape(op);
        var valueType = op == Op.I64Store ? (_held.TryGetValue(valueSlot, out var held) ? held : _slotTypes[valueSlot]) : typeof(ulong);
        if (valueType == typeof(double))
        {
            (type, store) = (typeof(double), OpCodes.Stind_R8);
        }

        var miss = _il.DefineLabel();
        var done = _il.DefineLabel();
        EmitCacheLookup(MemoryInstance.WriteTlbStart, _lastWriteBase, _lastWritePage, addressSlot, offset, Marshal.SizeOf(type), miss);
        EmitPageByte(_lastWritePage);
        EmitLoadAs(valueSlot, type == typeof(double) ? type : typeof(ulong));
        if (narrow != OpCodes.Nop)
        {
            _il.Emit(narrow);
        }

        _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(store);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(miss);
        EmitArg(ArgMemory);
        _il.Emit(OpCodes.Ldloc, _address);
        EmitLoadAs(valueSlot, type == typeof(double) ? type : typeof(ulong));
        if (narrow != OpCodes.Nop)
        {
            _il.Emit(narrow);
        }

        _il.Emit(OpCodes.Call, StoreMissMethod.MakeGenericMethod(type));
        EmitForgetLastRead(); // the miss may have copied the page the last load hit
        _il.MarkLabel(done);
    }

    /// <summary>
    /// address = the effective address; a hit if it lies in the last page (offset = address - last base); else
    /// entry = the cache starting at entry <paramref name="cacheStart"/> + ((address &gt;&gt; index shift) &amp; entry mask), offset = address - entry.Base, to
    /// <paramref name="miss"/> unless offset &lt;= reach - <paramref name="size"/>, and the entry becomes the last page.
    /// </summary>
    private void EmitCacheLookup(int cacheStart, LocalBuilder lastBase, LocalBuilder lastPage, int addressSlot, int offset, int size, Label miss)
    {
        var hit = _il.DefineLabel();
        EmitEffectiveAddress(addressSlot, offset);
        _il.Emit(OpCodes.Stloc, _address);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldloc, lastBase);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, _offset);
        _il.Emit(OpCodes.Ldloc, _reach);
        _il.Emit(OpCodes.Ldc_I8, (long)size);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Ble_Un, hit);
        _il.Emit(OpCodes.Ldloc, _tlbs);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldloc, _tlbIndexShift);
        _il.Emit(OpCodes.Shr_Un);
        _il.Emit(OpCodes.Ldc_I8, (long)MemoryInstance.TlbMask << MemoryInstance.TlbEntryShift);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Add);
        if (cacheStart != 0)
        {
            _il.Emit(OpCodes.Ldc_I4, cacheStart << MemoryInstance.TlbEntryShift);
            _il.Emit(OpCodes.Add);
        }
        _il.Emit(OpCodes.Stloc, _entry);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldloc, _entry);
        _il.Emit(OpCodes.Ldfld, EntryBaseField);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, _offset);
        _il.Emit(OpCodes.Ldloc, _reach);
        _il.Emit(OpCodes.Ldc_I8, (long)size);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Bgt_Un, miss);
        _il.Emit(OpCodes.Ldloc, _entry);
        _il.Emit(OpCodes.Ldfld, EntryBaseField);
        _il.Emit(OpCodes.Stloc, lastBase);
        _il.Emit(OpCodes.Ldloc, _entry);
        _il.Emit(OpCodes.Ldfld, EntryPageField);
        _il.Emit(OpCodes.Stloc, lastPage);
        _il.MarkLabel(hit);
    }

    /// <summary>
    /// The caches' reach into its local, and no last page (the memory may have grown or stopped being flat): a base of
    /// 2^63 puts every wasm32 address's offset far beyond any reach, so nothing hits it.
    /// </summary>
    private void EmitReloadMemory()
    {
        if (!_usesCaches)
        {
            return;
        }

        EmitArg(ArgMemory);
        _il.Emit(OpCodes.Call, CacheReachGetter);
        _il.Emit(OpCodes.Stloc, _reach);
        EmitForgetLastRead();
        _il.Emit(OpCodes.Ldc_I8, long.MinValue);
        _il.Emit(OpCodes.Stloc, _lastWriteBase);
    }

    private void EmitForgetLastRead()
    {
        if (_inlineAccesses)
        {
            _il.Emit(OpCodes.Ldc_I8, long.MinValue);
            _il.Emit(OpCodes.Stloc, _lastReadBase);
        }
    }

    /// <summary>The address of the accessed byte in the last page (after <see cref="EmitCacheLookup"/> hit).</summary>
    private void EmitPageByte(LocalBuilder page)
    {
        _il.Emit(OpCodes.Ldloc, page);
        _il.Emit(OpCodes.Call, BytesMethod);
        _il.Emit(OpCodes.Ldloc, _offset);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Add);
    }

    /// <summary>(ulong)(uint)slot + (ulong)(uint)offset: a wasm32 effective address, which cannot overflow 64 bits.</summary>
    private void EmitEffectiveAddress(int slot, int offset)
    {
        EmitLoad32(slot);
        _il.Emit(OpCodes.Conv_U8);
        if (offset != 0)
        {
            _il.Emit(OpCodes.Ldc_I8, (long)(uint)offset);
            _il.Emit(OpCodes.Add);
        }
    }
}
