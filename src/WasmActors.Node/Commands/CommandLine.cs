using System.CommandLine;
using System.Reflection;

namespace WasmActors.Node.Commands;

/// <summary>Builds the root command from every <see cref="ICliCommand"/> in this assembly.</summary>
internal static class CommandLine
{
    public const string Description =
        "wasmactors — run WebAssembly programs as Akka.NET actors, and snapshot, fork and migrate them across machines.\n" +
        "The engine is a WebAssembly 2.0 interpreter whose running instances can be paused at any instruction, " +
        "captured whole and resumed elsewhere.";

    public static RootCommand Build()
    {
        var root = new RootCommand(Description);
        var commands = typeof(CommandLine).Assembly.GetTypes()
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

    /// <summary>Exit code for a command line that does not parse (unknown command, missing argument).</summary>
    public const int UsageExitCode = 2;

    /// <summary>Parses and runs <paramref name="args"/>; output goes to the given writers (the console by default).</summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var configuration = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
        };
        var parsed = Build().Parse(args);
        var exitCode = parsed.Invoke(configuration);

        // Usage errors get their own code, so that 1 keeps meaning "the command ran and something failed".
        return parsed.Errors.Count > 0 ? UsageExitCode : exitCode;
    }
}
