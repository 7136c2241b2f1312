namespace WasmActors.Differential.Tests.Fuzz;

/// <summary>Deterministic small mutations of a module: 1-3 edits, each a byte overwrite, insertion or removal after the header.</summary>
public static class Mutations
{
    private const int HeaderLength = 8;

    public static byte[] Apply(byte[] wasm, int seed, int mutant)
    {
        // Not HashCode.Combine: it is randomised per process, and a failing mutant must replay.
        var random = new Random(unchecked((seed * 1_000_003) + mutant));
        var bytes = new List<byte>(wasm);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > HeaderLength + 1; e++)
        {
            var at = random.Next(HeaderLength, bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    bytes.RemoveAt(at);
                    break;
            }
        }

        return [.. bytes];
    }
}
