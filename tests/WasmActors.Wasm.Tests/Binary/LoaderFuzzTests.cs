using WasmActors.Wasm.Binary;
using Xunit.Abstractions;

namespace WasmActors.Wasm.Tests.Binary;

/// <summary>
/// Feeds randomly damaged spec modules to the loader: whatever the damage, the only exception that may
/// escape is <see cref="WasmLoadException"/> (no index, overflow or memory errors, no stack overflow).
/// </summary>
public sealed class LoaderFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20_261_125;
    private const int Mutations = 5000;
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x0B, 0x40, 0x7F, 0x80, 0xFC, 0xFF];

    [Fact]
    public void MutatedSpecModulesOnlyEverRaiseWasmLoadException()
    {
        var originals = SpecSuite.NonSimdJsonFiles()
            .SelectMany(SpecSuite.ModuleCommands)
            .Where(c => c.Type == "module" && c.ModuleType == "binary")
            .Select(c => File.ReadAllBytes(c.Path))
            .Where(b => b.Length > 8)
            .ToList();
        Assert.True(originals.Count > 500, $"only {originals.Count} spec modules found");

        var random = new Random(Seed);
        int loaded = 0;
        int rejected = 0;
        var failures = new List<string>();
        for (int i = 0; i < Mutations; i++)
        {
            int source = random.Next(originals.Count);
            var bytes = originals[source];
            int rounds = 1 + random.Next(3);
            for (int r = 0; r < rounds; r++)
            {
                bytes = Mutate(bytes, random);
            }

            try
            {
                ModuleLoader.Load(bytes);
                loaded++;
            }
            catch (WasmLoadException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                failures.Add($"mutation {i} of module {source}: {e.GetType().Name}: {e.Message} [{Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 64)))}]");
            }
        }

        output.WriteLine($"{Mutations} mutations: {loaded} still loaded, {rejected} rejected as malformed, {failures.Count} other exceptions");
        Assert.True(rejected > Mutations / 10, "mutations were expected to break many modules");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }

    private static byte[] Mutate(byte[] bytes, Random random)
    {
        var result = new List<byte>(bytes);
        switch (random.Next(5))
        {
            case 0: // flip a few bits
                for (int n = 1 + random.Next(4); n > 0 && result.Count > 0; n--)
                {
                    result[random.Next(result.Count)] ^= (byte)(1 << random.Next(8));
                }

                break;
            case 1: // truncate
                int keep = random.Next(result.Count);
                result.RemoveRange(keep, result.Count - keep);
                break;
            case 2: // insert random bytes
                var inserted = new byte[1 + random.Next(8)];
                random.NextBytes(inserted);
                result.InsertRange(random.Next(result.Count + 1), inserted);
                break;
            case 3: // overwrite with a byte that means something to the decoder
                if (result.Count > 0)
                {
                    result[random.Next(result.Count)] = InterestingBytes[random.Next(InterestingBytes.Length)];
                }

                break;
            default: // delete a few bytes
                if (result.Count > 0)
                {
                    int at = random.Next(result.Count);
                    result.RemoveRange(at, Math.Min(1 + random.Next(8), result.Count - at));
                }

                break;
        }

        return [.. result];
    }
}
