using System.Text.Json;
using System.Text.Json.Serialization;

namespace WasmActors.Bench.Wast;

/// <summary>
/// One spec test file as wast2json writes it: <c>{"source_filename": ..., "commands": [...]}</c>.
/// Field names follow the JSON (snake_case); absent fields are null.
/// </summary>
internal sealed record WastScript(IReadOnlyList<WastCommand> Commands, string? SourceFilename = null)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Parses a script; throws <see cref="WastFormatException"/> if the text is not a command list.</summary>
    public static WastScript Parse(string json)
    {
        WastScript? script;
        try
        {
            script = JsonSerializer.Deserialize<WastScript>(json, Options);
        }
        catch (JsonException e)
        {
            throw new WastFormatException($"not a wast2json command list: {e.Message}");
        }

        if (script?.Commands is null)
        {
            throw new WastFormatException("not a wast2json command list: no \"commands\" array");
        }

        if (script.Commands.Any(c => c is null))
        {
            throw new WastFormatException("not a wast2json command list: a command is null");
        }

        return script;
    }
}

/// <summary>One command: <c>module</c>, <c>register</c>, <c>action</c> or one of the <c>assert_*</c> kinds.</summary>
internal sealed record WastCommand(
    string Type,
    int Line,
    string? Filename = null,
    string? Name = null,
    string? As = null,
    string? Text = null,
    string? ModuleType = null,
    WastAction? Action = null,
    IReadOnlyList<WastValue>? Expected = null)
{
    /// <summary>True when the command's arguments or results mention a v128 value.</summary>
    public bool UsesV128 =>
        (Action?.Args?.Any(v => v.IsV128) ?? false) || (Expected?.Any(v => v.IsV128) ?? false);
}

/// <summary>An <c>invoke</c> of an exported function or a <c>get</c> of an exported global.</summary>
internal sealed record WastAction(string Type, string Field, string? Module = null, IReadOnlyList<WastValue>? Args = null);

/// <summary>
/// A typed value. <see cref="Value"/> is a decimal string (the bit pattern), "null", a NaN pattern, or for v128
/// an array of lane strings; it is absent where only the type matters (assert_trap results).
/// </summary>
internal sealed record WastValue(string Type, JsonElement? Value = null, string? LaneType = null)
{
    public bool IsV128 => Type == "v128";

    /// <summary>The value as a string, or null if it is absent or not a string.</summary>
    public string? Text => Value is { ValueKind: JsonValueKind.String } element ? element.GetString() : null;
}
