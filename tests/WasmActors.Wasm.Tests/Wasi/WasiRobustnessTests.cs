using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Wasm.Tests.Wasi;

/// <summary>Hostile arguments to every WASI function end in an errno, a trap or proc_exit — never a host exception.</summary>
public sealed class WasiRobustnessTests
{
    private static readonly ulong[] Interesting = [0, 1, 2, 3, 4, 5, 8, 16, 24, 1024, 4096, 65535, 65536, 0x7FFFFFFF, 0xFFFFFFFF, ulong.MaxValue];

    [Fact]
    public void RandomArgumentsToEveryFunctionNeverEscapeAsHostExceptions()
    {
        using var h = new WasiHarness(c => c with { Arguments = ["prog", "a", "b"], Environment = ["X=1"] });
        File.WriteAllText(Path.Combine(h.Root, "file"), "content");
        Directory.CreateDirectory(Path.Combine(h.Root, "dir"));

        // Guest memory full of short names, slashes, dots and junk, so pointers land on plausible paths.
        var random = new Random(20240601);
        var junk = new byte[65536];
        var alphabet = "file/dir/../././a\0\xff"u8.ToArray();
        for (var i = 0; i < junk.Length; i++)
        {
            junk[i] = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
        }

        h.Memory.Write(0, junk);
        var context = ContextWithMemory(h.Memory);
        var outcomes = new Dictionary<string, int>();
        foreach (var function in WasiModule.CreateFunctions(h.Wasi))
        {
            for (var round = 0; round < 300; round++)
            {
                var arguments = function.Type.Parameters
                    .Select(p => Draw(random, p))
                    .ToArray();
                var results = new ulong[function.Type.Results.Length];
                string outcome;
                try
                {
                    function.Callback(context, arguments, results);
                    outcome = results.Length == 0 ? "returned" : ((WasiErrno)results[0]).ToString();
                    if (results.Length == 1)
                    {
                        Assert.True(Enum.IsDefined((WasiErrno)results[0]), $"{function.Name} returned {results[0]}, not an errno");
                    }
                }
                catch (WasmTrapException)
                {
                    outcome = "trap";
                }
                catch (WasiExitException)
                {
                    outcome = "exit";
                }

                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }

        Assert.True(outcomes.GetValueOrDefault("trap") > 100, "bad pointers must trap");
        Assert.True(outcomes.GetValueOrDefault("Success") > 100, "plausible arguments must sometimes succeed");
        Assert.True(outcomes.Count >= 8, "a spread of errno values: " + string.Join(", ", outcomes.Keys));
        Assert.Equal(WasiHarness.Secret, File.ReadAllText(Path.Combine(h.Outside, "secret")));
    }

    private static ulong Draw(Random random, ValType type)
    {
        var value = random.Next(3) switch
        {
            0 => Interesting[random.Next(Interesting.Length)],
            1 => (ulong)random.Next(65536),
            _ => (ulong)random.NextInt64(),
        };
        return type == ValType.I32 ? (uint)value : value;
    }

    private static HostCallContext ContextWithMemory(MemoryInstance memory)
    {
        var module = new Module();
        module.Memories.Add(memory.Type);
        var instance = ModuleInstance.CreateUnbound(module, "guest");
        instance.Bind([], [], [memory], [], [], []);
        return new HostCallContext(new Store(), instance);
    }
}
