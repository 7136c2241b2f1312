namespace WasmActors.Wasm.Wasi;

/// <summary>
/// Thrown by <c>proc_exit</c> to unwind the guest: the program asked to end with <see cref="ExitCode"/>. Not an
/// error and not a trap; whoever ran the program turns it into the process's exit status.
/// </summary>
public sealed class WasiExitException : Exception
{
    public WasiExitException(int exitCode)
        : base($"the program exited with status {exitCode}")
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
