using WasmActors.Node.Wast;

namespace WasmActors.Wasm.Tests.Spec;

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
}
