using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace TypedSockets.Generators.TypeScript;

/// <summary>
/// Maps C# types to the TypeScript of the JSON System.Text.Json writes for them, and collects the declarations
/// (interfaces, unions) that named types need. One mapper serves all hubs of a compilation: a type used with two
/// different JSON options gets two declarations.
/// </summary>
internal sealed class TypeScriptTypeMapper
{
    /// <summary>What socket.io-client hands over for a binary attachment (ArrayBuffer in browsers, Buffer in Node) and accepts to send.</summary>
    public const string Binary = "ArrayBuffer | Uint8Array";

    private readonly TypeScriptNames _names;
    private readonly Dictionary<DeclarationKey, string> _declared = new();
    private readonly List<(string Name, string Text)> _declarations = new();

    public TypeScriptTypeMapper(TypeScriptNames names)
    {
        _names = names;
    }

    /// <summary>The declarations made so far, sorted by name.</summary>
    public IEnumerable<string> Declarations => _declarations.OrderBy(static d => d.Name, System.StringComparer.Ordinal).Select(static d => d.Text);

    /// <summary>
    /// The TypeScript of a value of <paramref name="type"/>: an event argument or an ack result when
    /// <paramref name="topLevel"/> (binary travels as an attachment), a member of a JSON object otherwise (base64).
    /// </summary>
    public string Map(ITypeSymbol type, JsonShapeOptions options, bool topLevel, bool? stringEnums = null)
    {
        var nullable = type.NullableAnnotation == NullableAnnotation.Annotated && !type.IsValueType;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullableValue)
        {
            type = nullableValue.TypeArguments[0];
            nullable = true;
        }

        var core = MapCore(type, options, topLevel, stringEnums);
        return nullable ? core + " | null" : core;
    }

    private string MapCore(ITypeSymbol type, JsonShapeOptions options, bool topLevel, bool? stringEnums)
    {
        if (type is ITypeParameterSymbol parameter)
        {
            return parameter.Name;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_Char:
            case SpecialType.System_DateTime:
                return "string";
            case SpecialType.System_Boolean:
                return "boolean";
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
                return "number";
            case SpecialType.System_Object:
                return "unknown";
        }

        if (IsBinary(type))
        {
            return topLevel ? Binary : "string";
        }

        switch (type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.None)).Replace("?", string.Empty))
        {
            case "System.Guid":
            case "System.DateTimeOffset":
            case "System.DateOnly":
            case "System.TimeOnly":
            case "System.TimeSpan":
            case "System.Uri":
            case "System.Version":
                return "string";
            case "System.Half":
            case "System.Int128":
            case "System.UInt128":
                return "number";
            case "System.Text.Json.JsonElement":
            case "System.Text.Json.JsonDocument":
            case "System.Text.Json.Nodes.JsonNode":
            case "System.Text.Json.Nodes.JsonValue":
            case "TypedSockets.Hubs.RawJson":
                return "unknown";
            case "System.Text.Json.Nodes.JsonObject":
                return "Record<string, unknown>";
            case "System.Text.Json.Nodes.JsonArray":
                return "unknown[]";
        }

        if (type is IArrayTypeSymbol array)
        {
            return ArrayOf(Map(array.ElementType, options, topLevel: false));
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return Enum((INamedTypeSymbol)type, stringEnums ?? (options.EnumsAsStrings || HasStringEnumConverter(type)));
        }

        if (type is INamedTypeSymbol named)
        {
            if (FindGeneric(named, "System.Collections.Generic.IDictionary<TKey, TValue>", "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>") is { } dictionary)
            {
                return "Record<string, " + Map(dictionary.TypeArguments[1], options, topLevel: false) + ">";
            }

            if (named.OriginalDefinition.ToDisplayString() is "System.Memory<T>" or "System.ReadOnlyMemory<T>")
            {
                return ArrayOf(Map(named.TypeArguments[0], options, topLevel: false));
            }

            if (FindGeneric(named, "System.Collections.Generic.IEnumerable<T>") is { } enumerable)
            {
                return ArrayOf(Map(enumerable.TypeArguments[0], options, topLevel: false));
            }

            if (named.AllInterfaces.Any(static i => i.ToDisplayString() == "System.Collections.IEnumerable"))
            {
                return "unknown[]";
            }

            var name = Object(named.OriginalDefinition, options);
            return named.TypeArguments.Length == 0
                ? name
                : name + "<" + string.Join(", ", named.TypeArguments.Select(argument => Map(argument, options, topLevel: false))) + ">";
        }

        return "unknown";
    }

    /// <summary>byte[], Memory&lt;byte&gt; and ReadOnlyMemory&lt;byte&gt;: binary on the wire.</summary>
    public static bool IsBinary(ITypeSymbol type) =>
        type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte, Rank: 1 }
        || (type is INamedTypeSymbol { IsGenericType: true } named
            && named.OriginalDefinition.ToDisplayString() is "System.Memory<T>" or "System.ReadOnlyMemory<T>"
            && named.TypeArguments[0].SpecialType == SpecialType.System_Byte);

    public static bool IsStringEnumConverter(INamedTypeSymbol converter) =>
        converter.OriginalDefinition.ToDisplayString() is "System.Text.Json.Serialization.JsonStringEnumConverter" or "System.Text.Json.Serialization.JsonStringEnumConverter<TEnum>";

    /// <summary>Whether a <c>[JsonConverter]</c> on <paramref name="symbol"/> writes enums as strings.</summary>
    public static bool HasStringEnumConverter(ISymbol symbol) =>
        symbol.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonConverterAttribute"
            && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is INamedTypeSymbol converter && IsStringEnumConverter(converter));

    private static string ArrayOf(string element) =>
        element.IndexOf(' ') >= 0 ? "Array<" + element + ">" : element + "[]";

    private static INamedTypeSymbol? FindGeneric(INamedTypeSymbol type, params string[] definitions)
    {
        foreach (var candidate in new[] { type }.Concat(type.AllInterfaces))
        {
            if (candidate.IsGenericType && definitions.Contains(candidate.OriginalDefinition.ToDisplayString()))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>An enum: a union of its member names (string converter) or of its values (numbers; any number for [Flags]).</summary>
    private string Enum(INamedTypeSymbol type, bool asStrings)
    {
        var key = new DeclarationKey(type, JsonShapeOptions.Default, asStrings ? "string" : "number");
        if (_declared.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var name = _names.Reserve(TypeName(type) + (_declared.Keys.Any(k => SymbolEqualityComparer.Default.Equals(k.Type, type)) ? (asStrings ? "Name" : "Value") : string.Empty));
        _declared[key] = name;

        var members = type.GetMembers().OfType<IFieldSymbol>().Where(static f => f.IsConst).ToList();
        var flags = type.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == "System.FlagsAttribute");
        var builder = new StringBuilder();
        var summary = DocComments.Summary(type);
        var lines = members.Select(m => "`" + m.Name + "` = " + m.ConstantValue + (DocComments.Summary(m) is { } doc ? ": " + doc.Replace('\n', ' ') : string.Empty));
        DocComments.Write(builder, (summary is null ? string.Empty : summary + "\n\n") + string.Join("\n", lines), string.Empty);
        builder.Append("export type ").Append(name).Append(" = ");
        if (members.Count == 0 || (flags && !asStrings))
        {
            builder.Append(asStrings ? "string" : "number");
        }
        else
        {
            builder.Append(string.Join(" | ", members.Select(m => asStrings ? TypeScriptNames.Quote(EnumMemberName(m)) : System.Convert.ToString(m.ConstantValue, System.Globalization.CultureInfo.InvariantCulture)).Distinct()));
        }

        builder.Append(";\n");
        _declarations.Add((name, builder.ToString()));
        return name;
    }

    private static string EnumMemberName(IFieldSymbol member) =>
        member.GetAttributes()
            .Where(static a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute")
            .Select(static a => a.ConstructorArguments.Length == 1 ? a.ConstructorArguments[0].Value as string : null)
            .FirstOrDefault(static n => n is not null) ?? member.Name;

    /// <summary>A class, struct, record or interface: an interface of its JSON members, or a union when polymorphic.</summary>
    private string Object(INamedTypeSymbol type, JsonShapeOptions options)
    {
        var key = new DeclarationKey(type, options, "object");
        if (_declared.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var name = _names.Reserve(TypeName(type));
        _declared[key] = name;

        var derived = DerivedTypes(type);
        if (derived.Count == 0)
        {
            _declarations.Add((name, Interface(type, name, options, derived: null)));
            return name;
        }

        var discriminatorName = PolymorphicDiscriminator(type);
        var members = new List<string>();
        if (!type.IsAbstract && type.TypeKind != TypeKind.Interface && !derived.Any(d => SymbolEqualityComparer.Default.Equals(d.Type, type)))
        {
            var baseName = _names.Reserve(name + "Base");
            _declarations.Add((baseName, Interface(type, baseName, options, derived: "written when the value is exactly `" + type.Name + "`, without a discriminator")));
            members.Add(baseName);
        }

        foreach (var (derivedType, discriminator) in derived)
        {
            var shape = SymbolEqualityComparer.Default.Equals(derivedType, type)
                ? _names.Reserve(name + "Base")
                : null;
            if (shape is not null)
            {
                _declarations.Add((shape, Interface(type, shape, options, derived: null)));
            }

            var target = shape ?? MapCore(derivedType, options, topLevel: false, stringEnums: null);
            members.Add(discriminator is null ? target : "({ " + TypeScriptNames.PropertyName(discriminatorName) + ": " + discriminator + " } & " + target + ")");
        }

        var builder = new StringBuilder();
        DocComments.Write(builder, DocComments.Summary(type), string.Empty);
        builder.Append("export type ").Append(name).Append(TypeParameters(type)).Append(" =\n");
        for (var i = 0; i < members.Count; i++)
        {
            builder.Append("  | ").Append(members[i]).Append(i == members.Count - 1 ? ";\n" : "\n");
        }

        _declarations.Add((name, builder.ToString()));
        return name;
    }

    private string Interface(INamedTypeSymbol type, string name, JsonShapeOptions options, string? derived)
    {
        var builder = new StringBuilder();
        var summary = DocComments.Summary(type);
        DocComments.Write(builder, derived is null ? summary : (summary is null ? string.Empty : summary + "\n\n") + "The shape " + derived + ".", string.Empty);
        builder.Append("export interface ").Append(name).Append(TypeParameters(type)).Append(" {\n");
        foreach (var member in JsonMembers(type, options))
        {
            var doc = DocComments.Summary(member.Symbol) ?? DocComments.Parameter(type, member.Symbol.Name);
            DocComments.Write(builder, doc, "  ");
            var memberType = member.Symbol is IPropertySymbol property ? property.Type : ((IFieldSymbol)member.Symbol).Type;
            var stringEnums = HasStringEnumConverter(member.Symbol) ? true : (bool?)null;
            builder.Append("  ").Append(TypeScriptNames.PropertyName(member.JsonName)).Append(member.Optional ? "?: " : ": ")
                .Append(Map(memberType, options, topLevel: false, stringEnums)).Append(";\n");
        }

        if (JsonMembers(type, options).Count == 0 && HasExtensionData(type))
        {
            builder.Append("  [key: string]: unknown;\n");
        }

        builder.Append("}\n");
        return builder.ToString();
    }

    private static string TypeParameters(INamedTypeSymbol type) =>
        type.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(static p => p.Name)) + ">";

    private static bool HasExtensionData(INamedTypeSymbol type) =>
        Hierarchy(type).SelectMany(static t => t.GetMembers()).Any(static m => HasAttribute(m, "System.Text.Json.Serialization.JsonExtensionDataAttribute"));

    /// <summary>A member System.Text.Json writes: its symbol, its JSON name, and whether it may be left out.</summary>
    private readonly struct JsonMember
    {
        public JsonMember(ISymbol symbol, string jsonName, bool optional)
        {
            Symbol = symbol;
            JsonName = jsonName;
            Optional = optional;
        }

        public ISymbol Symbol { get; }

        public string JsonName { get; }

        public bool Optional { get; }
    }

    /// <summary>
    /// Public instance properties with a getter (and fields when included), base types first, a redeclared member
    /// once; <c>[JsonIgnore]</c> leaves a member out or makes it optional by its condition.
    /// </summary>
    private static List<JsonMember> JsonMembers(INamedTypeSymbol type, JsonShapeOptions options)
    {
        var members = new List<JsonMember>();
        var seen = new HashSet<string>();
        foreach (var level in Hierarchy(type).Reverse())
        {
            foreach (var member in level.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared && member is not IPropertySymbol || seen.Contains(member.Name))
                {
                    continue;
                }

                var included = HasAttribute(member, "System.Text.Json.Serialization.JsonIncludeAttribute");
                ITypeSymbol memberType;
                switch (member)
                {
                    case IPropertySymbol { IsIndexer: false, GetMethod: { } getter } property
                        when (property.DeclaredAccessibility == Accessibility.Public && getter.DeclaredAccessibility == Accessibility.Public) || included:
                        if (property.Name == "EqualityContract")
                        {
                            continue;
                        }

                        memberType = property.Type;
                        break;
                    case IFieldSymbol { AssociatedSymbol: null, IsConst: false } field
                        when (field.DeclaredAccessibility == Accessibility.Public && options.IncludeFields) || included:
                        memberType = field.Type;
                        break;
                    default:
                        continue;
                }

                if (HasAttribute(member, "System.Text.Json.Serialization.JsonExtensionDataAttribute"))
                {
                    continue;
                }

                seen.Add(member.Name);
                var condition = IgnoreCondition(member) ?? options.DefaultIgnoreCondition;
                if (condition is JsonShapeOptions.IgnoreCondition.Always or JsonShapeOptions.IgnoreCondition.WhenWriting)
                {
                    continue;
                }

                var canBeNull = !memberType.IsValueType || memberType.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
                var optional = condition == JsonShapeOptions.IgnoreCondition.WhenWritingDefault
                    || (condition == JsonShapeOptions.IgnoreCondition.WhenWritingNull && canBeNull && (memberType.NullableAnnotation == NullableAnnotation.Annotated || memberType.IsValueType || memberType is ITypeParameterSymbol));
                var jsonName = PropertyNameAttribute(member) ?? options.ConvertName(member.Name);
                members.Add(new JsonMember(member, jsonName, optional));
            }
        }

        var order = members.Select((m, i) => (Member: m, Index: i, Order: PropertyOrder(m.Symbol))).OrderBy(static x => x.Order).ThenBy(static x => x.Index);
        return order.Select(static x => x.Member).ToList();
    }

    /// <summary>The type and its base types up to (not including) object or ValueType, most derived first.</summary>
    private static IEnumerable<INamedTypeSymbol> Hierarchy(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            yield return current;
        }
    }

    private static bool HasAttribute(ISymbol symbol, string name) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == name);

    private static string? PropertyNameAttribute(ISymbol member) =>
        member.GetAttributes()
            .Where(static a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonPropertyNameAttribute")
            .Select(static a => a.ConstructorArguments.Length == 1 ? a.ConstructorArguments[0].Value as string : null)
            .FirstOrDefault(static n => n is not null);

    private static int PropertyOrder(ISymbol member) =>
        member.GetAttributes()
            .Where(static a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonPropertyOrderAttribute")
            .Select(static a => a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is int order ? order : 0)
            .FirstOrDefault();

    private static JsonShapeOptions.IgnoreCondition? IgnoreCondition(ISymbol member)
    {
        foreach (var attribute in member.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != "System.Text.Json.Serialization.JsonIgnoreAttribute")
            {
                continue;
            }

            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "Condition" && argument.Value.Value is int condition)
                {
                    return (JsonShapeOptions.IgnoreCondition)condition;
                }
            }

            return JsonShapeOptions.IgnoreCondition.Always;
        }

        return null;
    }

    /// <summary>The <c>[JsonDerivedType]</c>s of a type and their discriminators as TypeScript literals (null: none written).</summary>
    private static List<(INamedTypeSymbol Type, string? Discriminator)> DerivedTypes(INamedTypeSymbol type)
    {
        var derived = new List<(INamedTypeSymbol, string?)>();
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != "System.Text.Json.Serialization.JsonDerivedTypeAttribute"
                || attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol derivedType)
            {
                continue;
            }

            var discriminator = attribute.ConstructorArguments.Length > 1
                ? attribute.ConstructorArguments[1].Value switch
                {
                    string text => TypeScriptNames.Quote(text),
                    int number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => null,
                }
                : null;
            derived.Add((derivedType, discriminator));
        }

        return derived;
    }

    private static string PolymorphicDiscriminator(INamedTypeSymbol type) =>
        type.GetAttributes()
            .Where(static a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonPolymorphicAttribute")
            .SelectMany(static a => a.NamedArguments)
            .Where(static a => a.Key == "TypeDiscriminatorPropertyName")
            .Select(static a => a.Value.Value as string)
            .FirstOrDefault(static n => n is not null) ?? "$type";

    /// <summary>The TypeScript name of a type: its C# name, nested types prefixed by their containing types.</summary>
    private static string TypeName(INamedTypeSymbol type)
    {
        var name = type.Name;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.Name + name;
        }

        return name;
    }

    private readonly struct DeclarationKey : System.IEquatable<DeclarationKey>
    {
        public DeclarationKey(INamedTypeSymbol type, JsonShapeOptions options, string kind)
        {
            Type = type;
            Options = options;
            Kind = kind;
        }

        public INamedTypeSymbol Type { get; }

        public JsonShapeOptions Options { get; }

        public string Kind { get; }

        public bool Equals(DeclarationKey other) =>
            SymbolEqualityComparer.Default.Equals(Type, other.Type) && Options.Equals(other.Options) && Kind == other.Kind;

        public override bool Equals(object? obj) => obj is DeclarationKey other && Equals(other);

        public override int GetHashCode() => SymbolEqualityComparer.Default.GetHashCode(Type) ^ Options.GetHashCode() ^ Kind.GetHashCode();
    }
}
