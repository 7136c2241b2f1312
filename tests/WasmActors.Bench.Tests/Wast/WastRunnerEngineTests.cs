using WasmActors.Bench.Wast;

namespace WasmActors.Bench.Tests.Wast;

/// <summary>The runner's routing of module assertions, on tiny hand-made modules run by the real engine.</summary>
public sealed class WastRunnerEngineTests : IDisposable
{
    // (module (func unreachable) (start 0))
    private static readonly byte[] TrappingStart =
    [
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
        0x03, 0x02, 0x01, 0x00,
        0x08, 0x01, 0x00,
        0x0A, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0B,
    ];

    // (module (import "spectest" "unknown" (func)))
    private static readonly byte[] UnknownImport =
    [
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
        0x02, 0x14, 0x01, 0x08, .. "spectest"u8, 0x07, .. "unknown"u8, 0x00, 0x00,
    ];

    // (module (func (export "f") (result i32) i32.const 42) (func (export "g") (param f32) (result f32) local.get 0)
    //         (global (export "v") i64 (i64.const 7)))
    private static readonly byte[] Exports =
    [
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x0A, 0x02, 0x60, 0x00, 0x01, 0x7F, 0x60, 0x01, 0x7D, 0x01, 0x7D,
        0x03, 0x03, 0x02, 0x00, 0x01,
        0x06, 0x06, 0x01, 0x7E, 0x00, 0x42, 0x07, 0x0B,
        0x07, 0x0D, 0x03, 0x01, (byte)'f', 0x00, 0x00, 0x01, (byte)'g', 0x00, 0x01, 0x01, (byte)'v', 0x03, 0x00,
        0x0A, 0x0B, 0x02, 0x04, 0x00, 0x41, 0x2A, 0x0B, 0x04, 0x00, 0x20, 0x00, 0x0B,
    ];

    private readonly TempSpecFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Module_assertions_pass_on_the_matching_error_and_fail_on_another()
    {
        var path = _folder.AddScript("modules", """
            {"commands": [
              {"type": "assert_uninstantiable", "line": 1, "filename": "start.wasm", "text": "unreachable", "module_type": "binary"},
              {"type": "assert_trap", "line": 2, "filename": "start.wasm", "text": "unreachable", "module_type": "binary"},
              {"type": "assert_unlinkable", "line": 3, "filename": "import.wasm", "text": "unknown import", "module_type": "binary"},
              {"type": "assert_uninstantiable", "line": 4, "filename": "start.wasm", "text": "out of bounds memory access", "module_type": "binary"},
              {"type": "assert_unlinkable", "line": 5, "filename": "start.wasm", "text": "unknown import", "module_type": "binary"},
              {"type": "assert_invalid", "line": 6, "filename": "import.wasm", "text": "type mismatch", "module_type": "binary"}
            ]}
            """,
            ("start.wasm", TrappingStart),
            ("import.wasm", UnknownImport));

        var result = WastSuite.RunFile(path);

        Assert.Equal([4, 5, 6], result.Failures.Select(f => f.Line));
        Assert.Equal("instantiate: wrong trap message", result.Failures[0].Cause);
        Assert.Equal("instantiate: trap", result.Failures[1].Cause);
        Assert.Equal("validate: accepted an invalid module", result.Failures[2].Cause);
        Assert.Equal(3, result.Passed);
    }

    [Fact]
    public void Actions_compare_results_by_bits_and_nan_pattern()
    {
        var path = _folder.AddScript("actions", """
            {"commands": [
              {"type": "module", "line": 1, "filename": "exports.wasm"},
              {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "f", "args": []}, "expected": [{"type": "i32", "value": "42"}]},
              {"type": "assert_return", "line": 3, "action": {"type": "invoke", "field": "f", "args": []}, "expected": [{"type": "i32", "value": "43"}]},
              {"type": "assert_return", "line": 4, "action": {"type": "invoke", "field": "g", "args": [{"type": "f32", "value": "2143289344"}]}, "expected": [{"type": "f32", "value": "nan:canonical"}]},
              {"type": "assert_return", "line": 5, "action": {"type": "invoke", "field": "g", "args": [{"type": "f32", "value": "2141192192"}]}, "expected": [{"type": "f32", "value": "nan:arithmetic"}]},
              {"type": "assert_return", "line": 6, "action": {"type": "invoke", "field": "g", "args": [{"type": "i32", "value": "1"}]}, "expected": [{"type": "f32", "value": "1"}]},
              {"type": "assert_return", "line": 7, "action": {"type": "get", "field": "v"}, "expected": [{"type": "i64", "value": "7"}]},
              {"type": "assert_trap", "line": 8, "action": {"type": "invoke", "field": "f", "args": []}, "text": "unreachable", "expected": [{"type": "i32"}]},
              {"type": "assert_return", "line": 9, "action": {"type": "invoke", "field": "nope", "args": []}, "expected": []},
              {"type": "assert_return", "line": 10, "action": {"type": "invoke", "field": "f", "args": []}, "expected": [{"type": "i64", "value": "42"}]},
              {"type": "action", "line": 11, "action": {"type": "invoke", "field": "f", "args": []}, "expected": [{"type": "i32"}]}
            ]}
            """,
            ("exports.wasm", Exports));

        var result = WastSuite.RunFile(path);

        Assert.Equal([3, 5, 6, 8, 9, 10], result.Failures.Select(f => f.Line));
        Assert.Equal(
            "actions:3: assert_return: expected [i32:43 (0x0000002b)], got [i32:42 (0x0000002a)]",
            result.Failures[0].ToString());

        // 0x7fa00000 is a NaN without the quiet bit: not arithmetic, and local.get must not change its bits.
        Assert.Equal("[f32:nan:0x200000 (0x7fa00000)]", result.Failures[1].Actual);
        Assert.Equal("runner: arguments do not fit the export", result.Failures[2].Cause);
        Assert.Equal("invoke: no trap", result.Failures[3].Cause);
        Assert.Equal("instantiate: missing export", result.Failures[4].Cause);
        Assert.Equal("invoke: wrong result", result.Failures[5].Cause);
        Assert.Equal(5, result.Passed);
    }
}
