using System.Text;
using WasmActors.Wasm;

namespace WasmActors.Node.Run;

/// <summary>
/// Writes a failed run the way <c>wasmtime run</c> does: <c>Error: failed to run main module `x.wasm`</c>, then the
/// "Caused by" chain with the wasm backtrace (innermost frame first) and the trap in wasmtime's words. The engine does
/// not keep code offsets for frames, so frames read <c>module!function</c> without the offset column, as wasmtime
/// prints frames whose offset it does not know.
/// </summary>
internal static class TrapReport
{
    /// <summary>Exit status of a trapped program: 128 + SIGABRT, as wasmtime's CLI on Unix.</summary>
    public const int TrapExitCode = 134;

    /// <summary>Exit status when the run failed for another reason after starting (e.g. an invalid exit status).</summary>
    public const int ErrorExitCode = 1;

    /// <summary>The trap message as wasmtime words it (<c>wasm trap: …</c>).</summary>
    public static string WasmtimeTrapText(string reason) => "wasm trap: " + reason switch
    {
        TrapMessages.Unreachable => "wasm `unreachable` instruction executed",
        TrapMessages.OutOfBoundsTable or TrapMessages.UndefinedElement => "undefined element: out of bounds table access",
        TrapMessages.FuelExhausted => "all fuel consumed by WebAssembly",
        TrapMessages.Interrupted => "interrupt",
        _ => reason,
    };

    /// <summary>What wasmtime says it was doing: running the entry point (or the --invoke function).</summary>
    public static string InvokeContext(string? invoked) =>
        invoked is null ? "failed to invoke command default" : $"failed to invoke `{invoked}`";

    /// <summary>What wasmtime says when the start function or a segment initialiser trapped.</summary>
    public static string InstantiateContext(string modulePath) => $"failed to instantiate \"{modulePath.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    /// <summary>The whole report, ending with a newline.</summary>
    public static string Format(string modulePath, string context, string? moduleName, IReadOnlyList<string> backtrace, string cause, bool hasDebugInfo = false)
    {
        var text = new StringBuilder();
        text.Append("Error: failed to run main module `").Append(modulePath).Append("`\n\n");
        text.Append("Caused by:\n");
        var index = 0;
        text.Append(Cause(index++)).Append(context).Append('\n');
        if (backtrace.Count > 0)
        {
            text.Append(Cause(index++)).Append("error while executing at wasm backtrace:\n");
            for (var frame = 0; frame < backtrace.Count; frame++)
            {
                // wasmtime writes "  {i:>3}: " and anyhow indents continuation lines of a cause by 7 columns.
                text.Append("       ").Append("  ").Append(frame.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(3))
                    .Append(": ").Append(moduleName ?? "<unknown>").Append('!').Append(backtrace[frame]).Append('\n');
            }

            if (hasDebugInfo)
            {
                // wasmtime adds this hint whenever the module carries DWARF and the variable is not set.
                text.Append("       note: using the `WASMTIME_BACKTRACE_DETAILS=1` environment variable may show more debugging information\n");
            }
        }

        text.Append(Cause(index)).Append(cause).Append('\n');
        return text.ToString();
    }

    private static string Cause(int index) => $"    {index}: ";
}
