using System.CommandLine;
using WasmActors.Node.Run;

namespace WasmActors.Node.Commands;

/// <summary>
/// <c>wasmactors run prog.wasm [options] [-- args]</c>: runs a WASI program like <c>wasmtime run</c> — same output,
/// same exit status (the proc_exit status; 134 after a trap, with its message and wasm backtrace on stderr), and
/// one line with exit status 2 when the program cannot start.
/// </summary>
internal sealed class RunCommand : ICliCommand
{
    public Command Build()
    {
        var module = new Argument<string>("MODULE") { Description = "the WebAssembly module (.wasm) to run" };
        var arguments = new Argument<string[]>("ARGS")
        {
            Description = "arguments for the program (argv[1..]), or for the --invoke function; put them after -- when they start with '-'",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var directories = new Option<string[]>("--dir")
        {
            Description = "grant access to a host directory, seen by the program as GUEST (default: the same path); repeatable",
            HelpName = "HOST[::GUEST]",
            AllowMultipleArgumentsPerToken = false,
        };
        var environment = new Option<string[]>("--env")
        {
            Description = "pass an environment variable to the program (NAME alone passes the host's value); repeatable",
            HelpName = "NAME[=VALUE]",
        };
        var invoke = new Option<string>("--invoke")
        {
            Description = "call this exported function with ARGS instead of _start, and print its results",
            HelpName = "NAME",
        };
        var fuel = new Option<long?>("--fuel")
        {
            Description = "instruction budget (the engine counts taken branches and calls); the program traps with \"all fuel consumed\" when it runs out",
            HelpName = "N",
        };
        var maxMemory = new Option<string>("--max-memory")
        {
            Description = "upper bound of linear memory, e.g. 64MiB or 1G; memory.grow beyond it fails",
            HelpName = "SIZE",
        };

        var command = new Command("run", "Run a WebAssembly program (WASI preview1) as wasmtime run does.")
        {
            module,
            arguments,
            directories,
            environment,
            invoke,
            fuel,
            maxMemory,
        };
        command.SetAction(result =>
        {
            var path = result.GetRequiredValue(module);
            if (path.StartsWith('-') && !File.Exists(path))
            {
                // An option this command does not know ends up as the module path; say what it really is.
                result.InvocationConfiguration.Error.WriteLine($"wasmactors run: unknown option {path}");
                return RunSetupException.ExitCode;
            }

            var options = new RunOptions
            {
                ModulePath = path,
                Arguments = result.GetValue(arguments) ?? [],
                Directories = result.GetValue(directories) ?? [],
                Environment = result.GetValue(environment) ?? [],
                Invoke = result.GetValue(invoke),
                Fuel = result.GetValue(fuel),
                MaxMemory = result.GetValue(maxMemory),
            };
            return ProgramRunner.Run(options, Streams(result.InvocationConfiguration));
        });
        return command;
    }

    /// <summary>
    /// The process's own byte streams when the command writes to the console (so output is binary-exact and
    /// unbuffered, as under wasmtime), or adapters over the caller's writers when it runs in-process.
    /// </summary>
    private static RunStreams Streams(InvocationConfiguration configuration)
    {
        var consoleOut = ReferenceEquals(configuration.Output, Console.Out);
        var consoleError = ReferenceEquals(configuration.Error, Console.Error);
        return new RunStreams(
            Console.OpenStandardInput(),
            consoleOut ? Console.OpenStandardOutput() : new TextWriterStream(configuration.Output),
            consoleError ? Console.OpenStandardError() : new TextWriterStream(configuration.Error),
            Terminal: consoleOut && !Console.IsOutputRedirected);
    }
}
