using System.Text.Json;
using System.Text.Json.Serialization;

namespace WasmActors.Node.Commands;

/// <summary>What <c>--json</c> prints: the reply records as one JSON document, camelCase, enums by name.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Task WriteAsync(TextWriter output, object value) => output.WriteLineAsync(JsonSerializer.Serialize(value, Options));
}
