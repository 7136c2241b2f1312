using System.CommandLine;
using WasmActors.Actors.Dashboard;

namespace WasmActors.Node.Commands;

/// <summary>
/// <c>wasmactors dashboard</c>: serves the live web page from this client until Ctrl+C. The client reaches the
/// cluster like every other command, with the cluster certificate; the page's actions need the token it prints.
/// </summary>
internal sealed class DashboardCommand : ICliCommand
{
    public Command Build()
    {
        var port = new Option<int>("--port") { Description = "serve the page at http://HOSTNAME:PORT/", DefaultValueFactory = _ => 8080, HelpName = "PORT" };
        var hostname = new Option<string>("--hostname") { Description = "the address to listen on (keep 127.0.0.1 and reach it over an SSH tunnel from elsewhere)", DefaultValueFactory = _ => "127.0.0.1", HelpName = "HOST" };
        var command = new Command("dashboard", "Serve a live web page of the cluster (members, snapshots, instances, faults, bytes, forks, migrations) until Ctrl+C.") { port, hostname };
        var client = new ClientOptions();
        client.AddTo(command);
        command.SetAction((result, cancellation) => client.RunAsync(result, async session =>
        {
            DashboardServer dashboard;
            try
            {
                dashboard = DashboardServer.Start(session.Client, result.GetRequiredValue(hostname), result.GetValue(port));
            }
            catch (System.Net.HttpListenerException e)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"wasmactors dashboard: cannot listen on {result.GetValue(hostname)}:{result.GetValue(port)}: {e.Message}");
                return 1;
            }

            using (dashboard)
            {
                await result.InvocationConfiguration.Output.WriteLineAsync($"dashboard at {dashboard.AddressWithToken}");
                await result.InvocationConfiguration.Output.WriteLineAsync("(the token after # lets the page fork, migrate, snapshot and stop; Ctrl+C ends)");
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellation);
                }
                catch (OperationCanceledException)
                {
                }
            }

            return 0;
        }));
        return command;
    }
}
