namespace WasmActors.Wasm.Validation;

/// <summary>
/// Reasons for invalid modules, in the spec reference interpreter's words so that they match the spec tests'
/// assert_invalid texts (which are prefixes of these messages).
/// </summary>
internal static class ValidationMessages
{
    public const string TypeMismatch = "type mismatch";
    public const string GlobalIsImmutable = "global is immutable";
    public const string AlignmentTooLarge = "alignment must not be larger than natural";
    public const string SizeMinimumGreaterThanMaximum = "size minimum must not be greater than maximum";
    public const string MemorySizeTooLarge = "memory size must be at most 65536 pages (4GiB)";
    public const string MultipleMemories = "multiple memories";
    public const string ConstantExpressionRequired = "constant expression required";
    public const string UndeclaredFunctionReference = "undeclared function reference";
    public const string StartFunction = "start function";
    public const string InvalidResultArity = "invalid result arity";
    public const string InvalidReferenceType = "invalid reference type";
    public const string InvalidValueType = "invalid value type";
    public const string UnexpectedEndOfBody = "unexpected end of function body";
    public const string OperatorsAfterEnd = "operators remaining after end of function";
    public const string ElseWithoutIf = "else without matching if";
    public const string InvalidLaneIndex = "invalid lane index";

    public static string DuplicateExportName(string name) => $"duplicate export name \"{name}\"";

    public static string UnknownLocal(uint index) => $"unknown local {index}";

    public static string UnknownGlobal(uint index) => $"unknown global {index}";

    public static string UnknownFunction(uint index) => $"unknown function {index}";

    public static string UnknownTable(uint index) => $"unknown table {index}";

    public static string UnknownMemory(uint index) => $"unknown memory {index}";

    public static string UnknownType(uint index) => $"unknown type {index}";

    public static string UnknownLabel(uint depth) => $"unknown label {depth}";

    public static string UnknownElemSegment(uint index) => $"unknown elem segment {index}";

    public static string UnknownDataSegment(uint index) => $"unknown data segment {index}";
}
