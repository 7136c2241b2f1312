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
        var reasonMismatches = new List<string>();
        var byKind = new Dictionary<string, int>();
        var commands = SpecSuite.NonSimdJsonFiles()
            .SelectMany(SpecSuite.ModuleCommands)
            .Where(c => c.ModuleType == "binary")
            .Select(c => (Command: c, Bytes: File.ReadAllBytes(c.Path)))
            .ToList();

        // Timed apart from file and JSON reading, so the figure is the decoder's alone.
        var clock = Stopwatch.StartNew();
        foreach (var (command, bytes) in commands)
        {
            string? failure = Check(command, bytes, reasonMismatches);
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

        clock.Stop();
        long totalBytes = commands.Sum(c => (long)c.Bytes.Length);
        output.WriteLine($"passed {passed}, failed {failures.Count}; decoded {totalBytes} bytes in {clock.ElapsedMilliseconds} ms");
        output.WriteLine(string.Join(", ", byKind.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")));

        // Reasons are informative only (the spec allows any wording); report where ours differ from the reference's.
        output.WriteLine($"malformed reasons differing from the reference interpreter's: {reasonMismatches.Count}");
        foreach (var mismatch in reasonMismatches)
        {
            output.WriteLine("  " + mismatch);
        }

        Assert.True(passed > 1000, $"only {passed} spec modules were checked; is ../shared/wasm-spec there?");
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join('\n', failures.Take(30)));
    }

    /// <summary>Returns null when the loader behaved as the command expects, else what went wrong.</summary>
    private static string? Check(SpecModuleCommand command, byte[] bytes, List<string> reasonMismatches)
    {
        bool mustFail = command.Type == "assert_malformed";
        try
        {
            ModuleLoader.Load(bytes);
            return mustFail ? $"loaded, expected \"{command.Text}\"" : null;
        }
        catch (WasmLoadException e)
        {
            if (mustFail && command.Text is string expected && !e.Reason.StartsWith(expected, StringComparison.Ordinal))
            {
                reasonMismatches.Add($"{command.Location}: \"{e.Reason}\", reference \"{expected}\"");
            }

            return mustFail ? null : $"WasmLoadException {e.Message}";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }
}
