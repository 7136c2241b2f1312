namespace WasmActors.Wasm.Binary;

/// <summary>
/// Reasons for rejecting a malformed binary, worded as the spec reference interpreter words them so that
/// spec-test expectations (matched by prefix) line up.
/// </summary>
internal static class MalformedMessages
{
    public const string UnexpectedEnd = "unexpected end";
    public const string UnexpectedEndOfSection = "unexpected end of section or function";
    public const string LengthOutOfBounds = "length out of bounds";
    public const string IntegerTooLong = "integer representation too long";
    public const string IntegerTooLarge = "integer too large";
    public const string MalformedUtf8 = "malformed UTF-8 encoding";
    public const string MagicHeader = "magic header not detected";
    public const string UnknownVersion = "unknown binary version";
    public const string MalformedSectionId = "malformed section id";
    public const string SectionOutOfOrder = "unexpected content after last section";
    public const string SectionSizeMismatch = "section size mismatch";
    public const string FunctionCodeMismatch = "function and code section have inconsistent lengths";
    public const string DataCountMismatch = "data count and data section have inconsistent lengths";
    public const string DataCountRequired = "data count section required";
    public const string TooManyLocals = "too many locals";
    public const string MalformedReferenceType = "malformed reference type";
    public const string MalformedValueType = "malformed value type";
    public const string MalformedMutability = "malformed mutability";
    public const string MalformedImportKind = "malformed import kind";
    public const string MalformedExportKind = "malformed export kind";
    public const string MalformedFunctionType = "malformed function type";
    public const string MalformedLimitsFlags = "malformed limits flags";
    public const string MalformedElementKind = "malformed element kind";
    public const string MalformedElementSegmentKind = "malformed elements segment kind";
    public const string MalformedDataSegmentKind = "malformed data segment kind";
    public const string MalformedBlockType = "malformed block type";
    public const string MalformedMemopFlags = "malformed memop flags";
    public const string ZeroByteExpected = "zero byte expected";
    public const string IllegalOpcode = "illegal opcode";
    public const string EndOpcodeExpected = "END opcode expected";
    public const string ModuleTooLarge = "module too large";
}
