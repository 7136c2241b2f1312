using Hyperion;

namespace WasmActors.Actors.Serialization;

/// <summary>
/// Hyperion's deserialisation gate: a type named in a payload is loaded only if it is on the list. Hyperion asks
/// with the short assembly-qualified name ("Namespace.Type, Assembly"); the list compares full type names, so
/// the assembly version never matters and a look-alike type in another namespace never passes.
/// </summary>
internal sealed class AllowListTypeFilter : ITypeFilter
{
    private readonly HashSet<string> _allowed;

    public AllowListTypeFilter(IEnumerable<Type> types)
    {
        _allowed = new HashSet<string>(types.Select(Key), StringComparer.Ordinal);
    }

    /// <summary>Names that were asked for and refused, for diagnostics.</summary>
    public event Action<string>? Refused;

    public bool IsAllowed(string typeName)
    {
        var allowed = _allowed.Contains(StripAssembly(typeName));
        if (!allowed)
        {
            Refused?.Invoke(typeName);
        }

        return allowed;
    }

    public bool Contains(Type type) => _allowed.Contains(Key(type));

    private static string Key(Type type) => StripAssembly(type.FullName ?? type.Name);

    /// <summary>The type name without its assembly part; generic arguments in brackets are kept whole.</summary>
    private static string StripAssembly(string name)
    {
        var depth = 0;
        for (var i = 0; i < name.Length; i++)
        {
            switch (name[i])
            {
                case '[':
                    depth++;
                    break;
                case ']':
                    depth--;
                    break;
                case ',' when depth == 0:
                    return name[..i].Trim();
            }
        }

        return name.Trim();
    }
}
