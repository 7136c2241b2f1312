using System.Text.RegularExpressions;
using Akka.Configuration;

namespace WasmActors.Actors.Configuration;

/// <summary>
/// HOCON's optional environment substitution, <c>key = ${?VAR}</c> on a line of its own, resolved before Akka reads a
/// node file: Akka.NET 1.5.73's parser overflows its stack merging such a value into the defaults. As HOCON says, the
/// line sets <c>key</c> to VAR's value when VAR is set (a value starting with <c>[</c> is a list, kept as written;
/// anything else a string) and changes nothing when it is not. Any other <c>${?</c> is refused with the line.
/// </summary>
internal static partial class EnvironmentSubstitution
{
    public static string Resolve(string text, Func<string, string?> environment, string source)
    {
        var resolved = OptionalLine().Replace(text, m => environment(m.Groups["name"].Value) is { } value ? m.Groups["key"].Value + Literal(value) : "");
        var unsupported = resolved.Split('\n').FirstOrDefault(line => line.Contains("${?", StringComparison.Ordinal));
        return unsupported is null
            ? resolved
            : throw new ConfigurationException($"{source}: `{unsupported.Trim()}`: an environment variable can only be the whole value of a key, as `port = ${{?WASMACTORS_PORT}}` on a line of its own");
    }

    private static string Literal(string value) =>
        value.TrimStart().StartsWith('[') ? value : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"^(?<key>[ \t]*[^\s=:#{}]+[ \t]*[=:][ \t]*)\$\{\?(?<name>[A-Za-z_][A-Za-z0-9_]*)\}[ \t]*(?:#.*|//.*)?(?=\r?$)", RegexOptions.Multiline)]
    private static partial Regex OptionalLine();
}
