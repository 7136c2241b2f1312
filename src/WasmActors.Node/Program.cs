namespace WasmActors.Node;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("wasmactors: no commands yet");
        return 2;
    }
}
