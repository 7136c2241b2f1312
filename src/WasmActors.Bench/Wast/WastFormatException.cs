namespace WasmActors.Bench.Wast;

/// <summary>A spec test file or one of its values is not in the form wast2json writes.</summary>
internal sealed class WastFormatException : Exception
{
    public WastFormatException(string message)
        : base(message)
    {
    }
}
