namespace WasmActors.Wasm;

/// <summary>Base of every error the engine reports for bad input or a failed run.</summary>
public abstract class WasmException : Exception
{
    protected WasmException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>The bytes are not a well-formed WebAssembly binary (the spec's "malformed").</summary>
public sealed class WasmLoadException : WasmException
{
    public WasmLoadException(string message, int offset)
        : base($"{message} (at offset 0x{offset:x})")
    {
        Reason = message;
        Offset = offset;
    }

    /// <summary>The reason alone, in the spec interpreter's words where there are any (e.g. "unexpected end").</summary>
    public string Reason { get; }

    public int Offset { get; }
}

/// <summary>The module is well formed but not valid (the spec's "invalid").</summary>
public sealed class WasmValidationException : WasmException
{
    public WasmValidationException(string message, int? functionIndex = null, int? offset = null)
        : base(Describe(message, functionIndex, offset))
    {
        Reason = message;
        FunctionIndex = functionIndex;
        Offset = offset;
    }

    public string Reason { get; }

    public int? FunctionIndex { get; }

    public int? Offset { get; }

    private static string Describe(string message, int? function, int? offset) =>
        (function, offset) switch
        {
            (int f, int o) => $"{message} (in function {f}, at offset 0x{o:x})",
            (int f, null) => $"{message} (in function {f})",
            (null, int o) => $"{message} (at offset 0x{o:x})",
            _ => message,
        };
}

/// <summary>Imports could not be resolved or do not match (e.g. "unknown import", "incompatible import type").</summary>
public sealed class WasmLinkException : WasmException
{
    public WasmLinkException(string message)
        : base(message)
    {
        Reason = message;
    }

    public string Reason { get; }
}

/// <summary>
/// Saved machine state (<see cref="Execution.Machine.Restore"/>) that does not fit the engine's code, the store or its
/// limits: a frame outside its function, a position inside an instruction, a stack that does not match the frames.
/// Thrown before any instruction runs.
/// </summary>
public sealed class WasmRestoreException : WasmException
{
    public WasmRestoreException(string message, int? frameIndex = null)
        : base(frameIndex is int f ? $"{message} (frame {f})" : message)
    {
        Reason = message;
        FrameIndex = frameIndex;
    }

    public string Reason { get; }

    /// <summary>The offending frame, 0 being the outermost, when one frame is at fault.</summary>
    public int? FrameIndex { get; }
}

/// <summary>A trap: the program did something the spec forbids at run time, or ran out of a resource.</summary>
public sealed class WasmTrapException : WasmException
{
    public WasmTrapException(string message, IReadOnlyList<string>? backtrace = null, Exception? inner = null)
        : base(message, inner)
    {
        Reason = message;
        WasmBacktrace = backtrace ?? [];
    }

    /// <summary>The trap message in the spec's words, e.g. "integer divide by zero" or "call stack exhausted".</summary>
    public string Reason { get; }

    /// <summary>Wasm frames, innermost first, with function names from the name section where known.</summary>
    public IReadOnlyList<string> WasmBacktrace { get; }
}

/// <summary>The trap messages the spec test suite expects.</summary>
public static class TrapMessages
{
    public const string Unreachable = "unreachable";
    public const string OutOfBoundsMemory = "out of bounds memory access";
    public const string OutOfBoundsTable = "out of bounds table access";
    public const string UndefinedElement = "undefined element";
    public const string UninitializedElement = "uninitialized element";
    public const string IndirectCallTypeMismatch = "indirect call type mismatch";
    public const string IntegerDivideByZero = "integer divide by zero";
    public const string IntegerOverflow = "integer overflow";
    public const string InvalidConversionToInteger = "invalid conversion to integer";
    public const string CallStackExhausted = "call stack exhausted";
    public const string FuelExhausted = "all fuel consumed";
    public const string Interrupted = "interrupted";
}
