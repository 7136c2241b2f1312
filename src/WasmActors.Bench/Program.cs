using WasmActors.Bench.Commands;

namespace WasmActors.Bench;

internal static class Program
{
    public static int Main(string[] args) => BenchCommand.Run(args);
}
