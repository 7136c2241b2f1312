namespace WasmActors.Wasm.Validation;

/// <summary>
/// Implementation limits (which the spec permits) that keep validation linear in the size of the module: each
/// instruction's cost is bounded by the arity of the types it uses, and the operand stack by a fixed height.
/// </summary>
internal static class ValidationLimits
{
    /// <summary>Most parameters or results of a function type; the same bound as V8 and wasmparser.</summary>
    public const int MaxTypeArity = 1000;

    /// <summary>Most operands one function may have on its stack at once (one byte each while validating).</summary>
    public const int MaxOperandStackHeight = 16 * 1024 * 1024;

    public const string TooManyParameters = "function type has too many parameters (limit 1000)";
    public const string TooManyResults = "function type has too many results (limit 1000)";
    public static string OperandStackTooDeep(int limit) => $"operand stack too deep (limit {limit})";
}
