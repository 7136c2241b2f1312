using Xunit.Abstractions;
using Xunit.Sdk;

namespace WasmActors.Bench.Tests.Wast;

/// <summary>Runs the per-file spec tests in file order and the totals last, so the output reads as a progress log.</summary>
public sealed class TotalsLastOrderer : ITestCaseOrderer
{
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases
            .OrderBy(t => t.TestMethod.Method.Name == nameof(SpecSuiteTests.Totals) ? 1 : 0)
            .ThenBy(t => t.DisplayName, StringComparer.Ordinal);
}
