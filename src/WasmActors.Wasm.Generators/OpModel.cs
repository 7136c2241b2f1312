using Microsoft.CodeAnalysis;

namespace WasmActors.Wasm.Generators;

/// <summary>One declared op, as the generator needs it: plain strings and flags, so the incremental pipeline can compare it.</summary>
internal sealed record OpModel(
    string Name,
    EquatableArray<string> Operands,
    bool IsNumeric,
    string Writes,
    bool FallsThrough,
    bool IsCall,
    string Access,
    string? Helper,
    string? HelperDelegate,
    bool HelperTakesModule,
    bool HelperTakesMemory,
    string? SemanticsDelegate,
    string? Negation,
    string? Immediate,
    string? Branch,
    EquatableArray<string> Wasm)
{
    public bool HasResult => Operands.Count > 0 && Operands[0] == "Result";

    public bool IsBranch => Operands.Count > 0 && Operands[Operands.Count - 1] == "Target";

    public bool HasVariableLength => Operands.Contains("Targets") || Operands.Contains("Simd");

    /// <summary>Slots read, when the op is a numeric instruction's (result, then its operands).</summary>
    public int Inputs => Operands.CountOf(o => o == "Slot");

    /// <summary>The ops declared on <c>[Op]</c> semantics methods: the method's signature is the layout.</summary>
    public static OpModel FromSemantics(IMethodSymbol method, AttributeData attribute)
    {
        var operands = new List<string>();
        var returnsBranch = method.ReturnType.SpecialType == SpecialType.System_Boolean;
        if (!returnsBranch)
        {
            operands.Add("Result");
        }

        foreach (var parameter in method.Parameters)
        {
            operands.Add(parameter.Type.SpecialType == SpecialType.System_Int32 ? "Imm" : "Slot");
        }

        if (returnsBranch)
        {
            operands.Add("Target");
        }

        var wasm = attribute.ConstructorArguments.Length == 1 ? EnumNames(attribute.ConstructorArguments[0]) : [];
        return new OpModel(
            method.Name,
            new EquatableArray<string>([.. operands]),
            IsNumeric: true,
            Writes: returnsBranch ? "None" : "Number",
            FallsThrough: true,
            IsCall: false,
            Access: "None",
            Helper: null,
            HelperDelegate: null,
            HelperTakesModule: false,
            HelperTakesMemory: false,
            SemanticsDelegate: DelegateType(method),
            Negation: Named(attribute, "Negation"),
            Immediate: Named(attribute, "Immediate"),
            Branch: Named(attribute, "Branch"),
            Wasm: new EquatableArray<string>(wasm));
    }

    /// <summary>An op declared by a <c>[SpecialOp(name, operands...)]</c>; <paramref name="helpers"/> is <c>IlHelpers</c>.</summary>
    public static OpModel FromSpecial(AttributeData attribute, INamedTypeSymbol? helpers)
    {
        var name = (string)attribute.ConstructorArguments[0].Value!;
        var operands = EnumNames(attribute.ConstructorArguments[1]);
        var helperName = Named(attribute, "Helper");
        var helper = helperName is null ? null : helpers?.GetMembers(helperName).OfType<IMethodSymbol>().FirstOrDefault();
        var writes = NamedEnum(attribute, "Writes") ?? (operands.FirstOrDefault() == "Result" ? "Number" : "None");
        return new OpModel(
            name,
            new EquatableArray<string>(operands),
            IsNumeric: false,
            Writes: writes,
            FallsThrough: NamedBool(attribute, "FallsThrough") ?? true,
            IsCall: NamedBool(attribute, "IsCall") ?? false,
            Access: NamedEnum(attribute, "Access") ?? "None",
            Helper: helperName,
            HelperDelegate: helper is null ? null : DelegateType(helper),
            HelperTakesModule: helper?.Parameters.Any(p => p.Type.Name == "ModuleInstance") ?? false,
            HelperTakesMemory: helper?.Parameters.Any(p => p.Type.Name == "MemoryInstance") ?? false,
            SemanticsDelegate: null,
            Negation: Named(attribute, "Negation"),
            Immediate: null,
            Branch: null,
            Wasm: new EquatableArray<string>(NamedEnums(attribute, "Wasm")));
    }

    private static string DelegateType(IMethodSymbol method)
    {
        var types = method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).ToList();
        if (method.ReturnsVoid)
        {
            return types.Count == 0 ? "global::System.Action" : $"global::System.Action<{string.Join(", ", types)}>";
        }

        types.Add(method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        return $"global::System.Func<{string.Join(", ", types)}>";
    }

    private static string? Named(AttributeData attribute, string name) =>
        attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value as string;

    private static bool? NamedBool(AttributeData attribute, string name) =>
        attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value as bool?;

    private static string? NamedEnum(AttributeData attribute, string name)
    {
        var argument = attribute.NamedArguments.FirstOrDefault(a => a.Key == name);
        return argument.Key is null ? null : EnumName(argument.Value);
    }

    private static string[] NamedEnums(AttributeData attribute, string name)
    {
        var argument = attribute.NamedArguments.FirstOrDefault(a => a.Key == name);
        return argument.Key is null ? [] : EnumNames(argument.Value);
    }

    private static string[] EnumNames(TypedConstant array) =>
        array.Kind == TypedConstantKind.Array ? array.Values.Select(EnumName).ToArray() : [];

    /// <summary>The member name of an enum constant (attribute arguments hold only the value).</summary>
    private static string EnumName(TypedConstant constant) =>
        constant.Type!.GetMembers().OfType<IFieldSymbol>().First(f => f.HasConstantValue && Equals(f.ConstantValue, constant.Value)).Name;
}

/// <summary>An array compared by its elements, so that models holding one stay equal across runs of the generator.</summary>
internal readonly struct EquatableArray<T>(T[] items) : IEquatable<EquatableArray<T>>
{
    private readonly T[] _items = items ?? [];

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public IEnumerable<T> AsEnumerable() => _items;

    public bool Contains(T item) => _items.Contains(item);

    public int CountOf(Func<T, bool> predicate) => _items.Count(predicate);

    public T? FirstOrDefault() => _items.Length == 0 ? default : _items[0];

    public bool Equals(EquatableArray<T> other) => _items.SequenceEqual(other._items);

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode() => _items.Aggregate(17, (hash, item) => (hash * 31) + (item?.GetHashCode() ?? 0));
}
