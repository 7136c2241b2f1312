using System.CommandLine;

namespace WasmActors.Node.Commands;

/// <summary>
/// One subcommand of <c>wasmactors</c>. Every non-abstract implementation with a public parameterless constructor
/// in this assembly is added to the root command (see <see cref="CommandLine"/>), so a new command is one new file.
/// </summary>
internal interface ICliCommand
{
    Command Build();
}
