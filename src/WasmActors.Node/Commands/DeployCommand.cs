using System.CommandLine;
using System.Text;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Commands;

/// <summary><c>wasmactors deploy prog.wasm [args]</c>: starts a program on a run node of a running cluster.</summary>
internal sealed class DeployCommand : ICliCommand
{
    public Command Build()
    {
        var module = new Argument<string>("MODULE") { Description = "the WASI program (.wasm)" };
        var arguments = new Argument<string[]>("ARGS") { Description = "its arguments (after --)", Arity = ArgumentArity.ZeroOrMore };
        var env = new Option<string[]>("--env") { Description = "NAME=VALUE for the program; repeatable", HelpName = "NAME=VALUE" };
        var node = new Option<string?>("--node") { Description = "the run node (default: the least loaded)", HelpName = "NAME" };
        var follow = new Option<bool>("--follow", "-f") { Description = "print the program's output here until it ends, as `wasmactors logs` does; the status is then the program's" };
        var directories = new Option<string[]>("--dir")
        {
            Description = "grant the program a directory on the run node (inside its wasmactors.run-node.preopen-roots), seen as GUEST (default: the same path); relative paths are made absolute here; repeatable",
            HelpName = "HOST[::GUEST]",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("deploy", "Deploy a WebAssembly program to a run node of a running cluster.") { module, arguments, env, node, follow, directories };
        var client = new ClientOptions();
        client.AddTo(command, json: true);
        var limits = new LimitOptions();
        limits.AddTo(command);
        command.SetAction(result => client.RunAsync(result, async session =>
        {
            var output = result.InvocationConfiguration.Output;
            var path = result.GetRequiredValue(module);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{path} does not exist");
            }

            var asked = limits.Read(result);
            var program = new ProgramOutput(session.System);
            var preopens = (result.GetValue(directories) ?? []).Select(AbsoluteHost).ToArray();
            var wasm = await File.ReadAllBytesAsync(path);
            var json = client.Json(result);
            var deployed = await TransferDisplay.RunAsync(output, json, progress => session.Client.DeployAsync(
                wasm, Path.GetFileNameWithoutExtension(path), result.GetValue(arguments) ?? [], result.GetValue(env) ?? [], program.Ref, result.GetValue(node), preopens, progress, asked));
            await (json ? JsonOutput.WriteAsync(output, deployed) : output.WriteLineAsync($"{deployed.InstanceId} on {deployed.Node}"));
            if (!result.GetValue(follow))
            {
                return 0;
            }

            return await FollowedOutput.PrintOwnedUntilEndAsync(session.Client, program, deployed.InstanceId, deployed.Node, output, result.InvocationConfiguration.Error);
        }));
        return command;
    }

    /// <summary>HOST[::GUEST] with HOST made absolute (and GUEST defaulting to the path as given, as `run --dir` does).</summary>
    private static string AbsoluteHost(string entry)
    {
        var at = entry.IndexOf("::", StringComparison.Ordinal);
        var host = at < 0 ? entry : entry[..at];
        var guest = at < 0 ? entry : entry[(at + 2)..];
        return host.Length == 0 ? entry : $"{Path.GetFullPath(host)}::{guest}";
    }
}
