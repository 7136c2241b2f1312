namespace WasmActors.Node.Run;

/// <summary>
/// The program could not be started: a missing file, a malformed or invalid module, an import this host does not
/// provide, or a bad option. Reported as one line, with <see cref="ExitCode"/>.
/// </summary>
internal sealed class RunSetupException : Exception
{
    public const int ExitCode = 2;

    public RunSetupException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
