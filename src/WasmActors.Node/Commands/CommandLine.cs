using System.CommandLine;
using System.Reflection;

namespace WasmActors.Node.Commands;

/// <summary>
/// Builds a root command from every <see cref="ICliCommand"/> in an assembly and runs it: <c>wasmactors</c> from this
/// one, <c>wasmactors-bench</c> from its own, so both tools parse, print and exit the same way.
/// </summary>
internal static class CommandLine
{
    public const string Description =
        "wasmactors — run WebAssembly programs as Akka.NET actors, and snapshot, fork and migrate them across machines.\n" +
        "The engine is a WebAssembly 2.0 interpreter whose running instances can be paused at any instruction, " +
        "captured whole and resumed elsewhere.";

    /// <summary>Exit code for a command line that does not parse (unknown command, missing argument).</summary>
    public const int UsageExitCode = 2;

    /// <summary>The root command of <c>wasmactors</c>.</summary>
    public static RootCommand Build() => AddCommands(new RootCommand(Description), typeof(CommandLine).Assembly);

    /// <summary>Adds to <paramref name="root"/> every command <paramref name="assembly"/> defines, in name order.</summary>
    public static RootCommand AddCommands(RootCommand root, Assembly assembly)
    {
        var commands = assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliCommand).IsAssignableFrom(t))
            .Where(t => t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => ((ICliCommand)Activator.CreateInstance(t)!).Build())
            .OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var command in commands)
        {
            root.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/> as <c>wasmactors</c>; output goes to the given writers (the console by default).</summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null) => Run(Build(), args, output, error);

    /// <summary>Parses and runs <paramref name="args"/> against <paramref name="root"/>.</summary>
    public static int Run(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var configuration = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
        };
        var parsed = root.Parse(args);
        var exitCode = parsed.Invoke(configuration);

        // Usage errors get their own code, so that 1 keeps meaning "the command ran and something failed".
        return parsed.Errors.Count > 0 ? UsageExitCode : exitCode;
    }
}
