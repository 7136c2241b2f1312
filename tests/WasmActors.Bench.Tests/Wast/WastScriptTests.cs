using WasmActors.Bench.Wast;

namespace WasmActors.Bench.Tests.Wast;

public sealed class WastScriptTests
{
    [Fact]
    public void Commands_parse_with_their_fields()
    {
        const string json = """
            {"source_filename": "x.wast",
             "commands": [
              {"type": "module", "line": 1, "name": "$M", "filename": "x.0.wasm"},
              {"type": "register", "line": 2, "name": "$M", "as": "m"},
              {"type": "assert_return", "line": 3, "action": {"type": "invoke", "module": "$M", "field": "f", "args": [{"type": "i32", "value": "1"}]}, "expected": [{"type": "f32", "value": "nan:canonical"}]},
              {"type": "assert_trap", "line": 4, "action": {"type": "invoke", "field": "g", "args": []}, "text": "unreachable", "expected": [{"type": "i32"}]},
              {"type": "assert_malformed", "line": 5, "filename": "x.1.wat", "text": "unexpected token", "module_type": "text"},
              {"type": "assert_return", "line": 6, "action": {"type": "get", "field": "v"}, "expected": [{"type": "v128", "lane_type": "i32", "value": ["1", "2", "3", "4"]}]}
             ]}
            """;
        var script = WastScript.Parse(json);

        Assert.Equal("x.wast", script.SourceFilename);
        Assert.Equal(6, script.Commands.Count);
        Assert.Equal(("$M", "x.0.wasm"), (script.Commands[0].Name, script.Commands[0].Filename));
        Assert.Equal("m", script.Commands[1].As);
        var invoke = script.Commands[2].Action!;
        Assert.Equal(("invoke", "$M", "f"), (invoke.Type, invoke.Module, invoke.Field));
        Assert.Equal("1", invoke.Args![0].Text);
        Assert.Equal("nan:canonical", script.Commands[2].Expected![0].Text);
        Assert.False(script.Commands[2].UsesV128);
        Assert.Null(script.Commands[3].Expected![0].Text);
        Assert.Equal("unreachable", script.Commands[3].Text);
        Assert.Equal("text", script.Commands[4].ModuleType);
        Assert.True(script.Commands[5].UsesV128);
        Assert.Equal("i32", script.Commands[5].Expected![0].LaneType);
        Assert.Null(script.Commands[5].Expected![0].Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"commands": [null]}""")]
    [InlineData("""{"commands": [{"line": 1}]}""")]
    [InlineData("""{"commands": [{"type": "module", "line": "one"}]}""")]
    public void Anything_else_is_a_typed_error(string json) =>
        Assert.Throws<WastFormatException>(() => WastScript.Parse(json));
}
