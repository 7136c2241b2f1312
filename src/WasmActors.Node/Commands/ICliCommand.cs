using System.CommandLine;

namespace WasmActors.Node.Commands;

/// <summary>
/// One subcommand of <c>wasmactors</c> (or of <c>wasmactors-bench</c>). Every non-abstract implementation with a
/// public parameterless constructor in the tool's assembly is added to its root command (see
/// <see cref="CommandLine"/>), so a new command is one new file.
/// </summary>
internal interface ICliCommand
{
    Command Build();
}
