using WasmActors.Bench.Wast;

namespace WasmActors.Bench.Tests.Wast;

/// <summary>The runner turns every kind of bad input into counted outcomes; none of these need a working engine.</summary>
public sealed class WastRunnerRobustnessTests : IDisposable
{
    private readonly TempSpecFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_failed_module_fails_the_commands_that_use_it_and_the_rest_still_run()
    {
        var path = _folder.AddScript("broken", """
            {"source_filename": "broken.wast", "commands": [
              {"type": "module", "line": 1, "name": "$M", "filename": "missing.wasm"},
              {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "f", "args": []}, "expected": []},
              {"type": "register", "line": 3, "name": "$M", "as": "m"},
              {"type": "assert_return", "line": 4, "action": {"type": "invoke", "module": "$Other", "field": "f", "args": []}, "expected": []},
              {"type": "assert_malformed", "line": 5, "filename": "broken.1.wat", "text": "unexpected token", "module_type": "text"},
              {"type": "assert_return", "line": 6, "action": {"type": "invoke", "field": "f", "args": [{"type": "v128", "lane_type": "i8", "value": ["0"]}]}, "expected": []},
              {"type": "assert_frobnicate", "line": 7}
            ]}
            """);

        var result = WastSuite.RunFile(path);

        Assert.Equal((0, 6, 1), (result.Passed, result.Failed, result.Skipped));
        Assert.Equal([1, 2, 3, 4, 6, 7], result.Failures.Select(f => f.Line));
        Assert.Contains("missing.wasm", result.Failures[0].Actual);
        Assert.Contains("module of line 1 did not instantiate", result.Failures[1].Actual);
        Assert.Contains("module of line 1 did not instantiate", result.Failures[2].Actual);
        Assert.Contains("no module named $Other", result.Failures[3].Actual);
        Assert.Equal(1, result.SkipReasons[WastFileRunner.TextModuleSkipReason]);
    }

    [Fact]
    public void Actions_before_any_module_fail_cleanly()
    {
        var path = _folder.AddScript("empty", """
            {"commands": [{"type": "action", "line": 9, "action": {"type": "invoke", "field": "f", "args": []}, "expected": []}]}
            """);

        var failure = Assert.Single(WastSuite.RunFile(path).Failures);

        Assert.Equal("empty:9: action: expected a usable module, got no module has been defined yet", failure.ToString());
    }

    [Fact]
    public void A_simd_file_gets_no_special_treatment()
    {
        var path = _folder.AddScript("simd_anything", """
            {"commands": [
              {"type": "module", "line": 1, "filename": "not-there.wasm"},
              {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "f", "args": [{"type": "v128", "lane_type": "i32", "value": ["0", "0", "0", "0"]}]}, "expected": []}
            ]}
            """);

        var result = WastSuite.RunFile(path);

        // SIMD executes: nothing in a SIMD file is skipped for being SIMD, so both commands fail for want of the module.
        Assert.Equal((0, 2, 0), (result.Passed, result.Failed, result.Skipped));
        Assert.Contains("module of line 1 did not instantiate", result.Failures[1].Actual);
    }

    [Fact]
    public void An_unreadable_script_is_one_failure()
    {
        var path = _folder.AddScript("garbage", "{ not json");

        var result = WastSuite.RunFile(path);

        Assert.Equal((0, 1, 0), (result.Passed, result.Failed, result.Skipped));
        Assert.Contains("not a wast2json command list", result.Failures[0].Actual);
    }

    [Fact]
    public void Bad_values_fail_their_command_only()
    {
        var path = _folder.AddScript("values", """
            {"commands": [
              {"type": "assert_malformed", "line": 1, "filename": "values.0.wasm", "text": "unexpected end", "module_type": "binary"},
              {"type": "assert_malformed", "line": 2, "filename": "absent.wasm", "text": "unexpected end", "module_type": "binary"}
            ]}
            """,
            ("values.0.wasm", [0x00, 0x61, 0x73]));

        var result = WastSuite.RunFile(path);

        // Line 1 depends on the loader (a truncated header is malformed); line 2 names no file.
        Assert.Equal(2, result.Total);
        var missing = Assert.Single(result.Failures, f => f.Line == 2);
        Assert.Equal("runner: bad command", missing.Cause);
    }

    [Fact]
    public void Discovery_takes_name_slash_name_json_files_only_and_sorts_them()
    {
        _folder.AddScript("b", """{"commands": []}""");
        _folder.AddScript("a", """{"commands": []}""");
        File.WriteAllText(Path.Combine(_folder.Root, "a", "other.json"), "{}");

        var files = WastSuite.Discover(_folder.Root);

        Assert.NotNull(files);
        Assert.Equal(["a", "b"], files.Select(WastFileRunner.NameOf));
        Assert.Null(WastSuite.Discover(Path.Combine(_folder.Root, "nope")));
        Assert.Null(WastSuite.Discover(Path.Combine(_folder.Root, "a", "a.txt")));
    }

    [Fact]
    public void A_file_past_its_time_limit_is_abandoned_and_its_remaining_commands_fail()
    {
        var results = new FileResultBuilder("slow");
        results.ExpectCommands(10);
        results.Record(1, "module", CommandOutcome.Pass);
        results.Starting(2);

        results.Abandon(TimeSpan.FromSeconds(3));
        results.Record(2, "assert_return", CommandOutcome.Pass);
        var result = results.Build(TimeSpan.FromSeconds(3));

        Assert.Equal((1, 9, 0), (result.Passed, result.Failed, result.Skipped));
        Assert.Equal(2, Assert.Single(result.Failures).Line);
        Assert.Equal(9, result.FailureCauses["runner: time limit"]);
    }
}
