using System.Diagnostics;
using WasmActors.Wasm.Binary;
using Xunit.Abstractions;

namespace WasmActors.Wasm.Tests.Binary;

/// <summary>Loads every binary module of the non-SIMD spec suite and checks the loader's verdict on each.</summary>
public sealed class SpecBinaryLoadTests(ITestOutputHelper output)
{
    [Fact]
    public void EverySpecModuleLoadsAndEveryMalformedBinaryIsRejected()
    {
        int passed = 0;
        var failures = new List<string>();
        var byKind = new Dictionary<string, int>();
        var clock = Stopwatch.StartNew();

        foreach (var file in SpecSuite.NonSimdJsonFiles())
        {
            foreach (var command in SpecSuite.ModuleCommands(file))
            {
                if (command.ModuleType != "binary")
                {
                    continue;
                }

                string? failure = Check(command, File.ReadAllBytes(command.Path));
                byKind[command.Type] = byKind.GetValueOrDefault(command.Type) + 1;
                if (failure is null)
                {
                    passed++;
                }
                else
                {
                    failures.Add($"{command.Location} {command.Type}: {failure}");
                }
            }
        }

        clock.Stop();
        output.WriteLine($"passed {passed}, failed {failures.Count}, in {clock.ElapsedMilliseconds} ms");
        output.WriteLine(string.Join(", ", byKind.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")));
        Assert.True(passed > 1000, $"only {passed} spec modules were checked; is ../shared/wasm-spec there?");
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join('\n', failures.Take(30)));
    }

    /// <summary>Returns null when the loader behaved as the command expects, else what went wrong.</summary>
    private static string? Check(SpecModuleCommand command, byte[] bytes)
    {
        bool mustFail = command.Type == "assert_malformed";
        try
        {
            ModuleLoader.Load(bytes);
            return mustFail ? $"loaded, expected \"{command.Text}\"" : null;
        }
        catch (WasmLoadException e)
        {
            return mustFail ? null : $"WasmLoadException {e.Message}";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }
}
