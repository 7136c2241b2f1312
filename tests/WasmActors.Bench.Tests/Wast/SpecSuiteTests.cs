using WasmActors.Bench.Wast;
using Xunit.Abstractions;

namespace WasmActors.Bench.Tests.Wast;

/// <summary>
/// The official WebAssembly spec test suite (../shared/wasm-spec), one test per file, run by the same runner as
/// <c>wasmactors-bench wast</c>. Text-format commands are counted as skipped, with the reason printed. SIMD files run
/// under a ratchet: a SIMD file listed in simd-passing.txt must pass with nothing skipped but text-format
/// commands; the others are reported, not failed.
/// </summary>
[TestCaseOrderer("WasmActors.Wasm.Tests.Spec.TotalsLastOrderer", "WasmActors.Wasm.Tests")]
public sealed class SpecSuiteTests : IClassFixture<SpecSuiteFixture>
{
    private const int FailuresListed = 30;

    private readonly SpecSuiteFixture _suite;
    private readonly ITestOutputHelper _output;

    public SpecSuiteTests(SpecSuiteFixture suite, ITestOutputHelper output)
    {
        _suite = suite;
        _output = output;
    }

    public static TheoryData<string> FileNames()
    {
        var names = new TheoryData<string>();
        foreach (var name in SpecSuiteFixture.Files.Keys)
        {
            names.Add(name);
        }

        return names;
    }

    [Fact]
    public void The_spec_suite_is_present()
    {
        Assert.True(SpecFolder.Path is not null, "WasmActors.sln not found above the test binaries");
        _output.WriteLine($"spec folder: {SpecFolder.Path}");

        // 148 converted files: a smaller number means the folder moved or a conversion went missing.
        Assert.Equal(148, SpecSuiteFixture.Files.Count);
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void Spec_file_passes(string name)
    {
        var result = _suite.Result(name);
        _output.WriteLine(WastReport.FileLine(result));
        var failures = WastReport.FailureLines(result, FailuresListed).ToArray();
        foreach (var line in failures)
        {
            _output.WriteLine(line);
        }

        Assert.True(result.Total > 0 || name is "inline-module" or "simd_linking", $"{name}: no commands ran");
        if (WastFileRunner.IsSimdFile(name) && !SimdRatchet.Passing.Contains(name))
        {
            _output.WriteLine($"{name}: not on the SIMD ratchet list, reported only ({result.Failed} failed, {result.Skipped} skipped)");
            return;
        }

        Assert.True(result.Failed == 0, $"{result.Failed} of {result.Total} commands failed:\n{string.Join('\n', failures)}");
        if (WastFileRunner.IsSimdFile(name))
        {
            var skippedForOtherReasons = result.SkipReasons.Where(r => r.Key != WastFileRunner.TextModuleSkipReason).Sum(r => r.Value);
            Assert.True(skippedForOtherReasons == 0, $"{name} is on the SIMD ratchet list but {skippedForOtherReasons} commands were skipped (not for the text format)");
        }
    }

    [Fact]
    public void Totals()
    {
        int passed = 0, failed = 0, skipped = 0;
        int simdPassed = 0, simdFailed = 0, simdSkipped = 0;
        var failing = new List<string>();
        foreach (var name in SpecSuiteFixture.Files.Keys)
        {
            var result = _suite.Result(name);
            _output.WriteLine(WastReport.FileLine(result));
            if (WastFileRunner.IsSimdFile(name) && !SimdRatchet.Passing.Contains(name))
            {
                simdPassed += result.Passed;
                simdFailed += result.Failed;
                simdSkipped += result.Skipped;
                continue;
            }

            passed += result.Passed;
            failed += result.Failed;
            skipped += result.Skipped;
            if (result.Failed > 0)
            {
                failing.Add($"{name} ({result.Failed})");
            }
        }

        _output.WriteLine(WastReport.Legend);
        _output.WriteLine(WastReport.TotalLine(passed, failed, skipped));
        _output.WriteLine($"SIMD files not on the ratchet list (reported, not failed): {simdPassed} passed, {simdFailed} failed, {simdSkipped} skipped");
        Assert.True(passed + failed + skipped > 0, "no spec commands found");
        Assert.True(failed == 0, $"{failed} commands failed in: {string.Join(", ", failing)}");
    }
}
