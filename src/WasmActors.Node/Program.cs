using WasmActors.Node.Commands;

namespace WasmActors.Node;

internal static class Program
{
    public static int Main(string[] args)
    {
        StartupWarmUp.Start();
        return CommandLine.Run(args);
    }
}
