using System.Linq;
using Microsoft.CodeAnalysis;

namespace TypedSockets.Generators.TypeScript;

/// <summary>
/// The options of a JsonSerializerContext that change the shape System.Text.Json writes: the property naming policy,
/// whether enums are strings, whether null or default members are left out, whether fields count.
/// </summary>
internal sealed class JsonShapeOptions
{
    public static readonly JsonShapeOptions Default = new(NamingPolicy.None, false, IgnoreCondition.Never, false);

    public JsonShapeOptions(NamingPolicy naming, bool enumsAsStrings, IgnoreCondition ignoreCondition, bool includeFields)
    {
        Naming = naming;
        EnumsAsStrings = enumsAsStrings;
        DefaultIgnoreCondition = ignoreCondition;
        IncludeFields = includeFields;
    }

    public NamingPolicy Naming { get; }

    public override bool Equals(object? obj) =>
        obj is JsonShapeOptions other && other.Naming == Naming && other.EnumsAsStrings == EnumsAsStrings
        && other.DefaultIgnoreCondition == DefaultIgnoreCondition && other.IncludeFields == IncludeFields;

    public override int GetHashCode() => ((int)Naming * 31 + (int)DefaultIgnoreCondition) * 4 + (EnumsAsStrings ? 2 : 0) + (IncludeFields ? 1 : 0);

    public bool EnumsAsStrings { get; }

    public IgnoreCondition DefaultIgnoreCondition { get; }

    public bool IncludeFields { get; }

    /// <summary>The values of System.Text.Json's JsonKnownNamingPolicy.</summary>
    public enum NamingPolicy
    {
        None = 0,
        CamelCase = 1,
        SnakeCaseLower = 2,
        SnakeCaseUpper = 3,
        KebabCaseLower = 4,
        KebabCaseUpper = 5,
    }

    /// <summary>The values of System.Text.Json's JsonIgnoreCondition.</summary>
    public enum IgnoreCondition
    {
        Never = 0,
        Always = 1,
        WhenWritingDefault = 2,
        WhenWritingNull = 3,
        WhenWriting = 4,
        WhenReading = 5,
    }

    /// <summary>Reads <c>[JsonSourceGenerationOptions]</c> of <paramref name="context"/> (no attribute: the defaults).</summary>
    public static JsonShapeOptions Read(INamedTypeSymbol? context)
    {
        var attribute = context?.GetAttributes().FirstOrDefault(static a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonSourceGenerationOptionsAttribute");
        if (attribute is null)
        {
            return Default;
        }

        var naming = NamingPolicy.None;
        var enumsAsStrings = false;
        var ignore = IgnoreCondition.Never;
        var includeFields = false;

        // JsonSerializerDefaults.Web (1) means camelCase names.
        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int defaults && defaults == 1)
        {
            naming = NamingPolicy.CamelCase;
        }

        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case "PropertyNamingPolicy" when argument.Value.Value is int policy:
                    naming = (NamingPolicy)policy;
                    break;
                case "UseStringEnumConverter" when argument.Value.Value is bool value:
                    enumsAsStrings |= value;
                    break;
                case "DefaultIgnoreCondition" when argument.Value.Value is int condition:
                    ignore = (IgnoreCondition)condition;
                    break;
                case "IncludeFields" when argument.Value.Value is bool value:
                    includeFields = value;
                    break;
                case "Converters" when argument.Value.Kind == TypedConstantKind.Array:
                    enumsAsStrings |= argument.Value.Values.Any(static v => v.Value is INamedTypeSymbol converter && TypeScriptTypeMapper.IsStringEnumConverter(converter));
                    break;
            }
        }

        return new JsonShapeOptions(naming, enumsAsStrings, ignore, includeFields);
    }

    /// <summary>The JSON name of a member called <paramref name="name"/> under <see cref="Naming"/>, as System.Text.Json's policies convert it.</summary>
    public string ConvertName(string name) => Naming switch
    {
        NamingPolicy.CamelCase => CamelCase(name),
        NamingPolicy.SnakeCaseLower => Separated(name, '_', false),
        NamingPolicy.SnakeCaseUpper => Separated(name, '_', true),
        NamingPolicy.KebabCaseLower => Separated(name, '-', false),
        NamingPolicy.KebabCaseUpper => Separated(name, '-', true),
        _ => name,
    };

    /// <summary>JsonNamingPolicy.CamelCase: the leading run of capitals is lowered, except the last one when a lower-case letter follows it.</summary>
    internal static string CamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0]))
        {
            return name;
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i]))
            {
                break;
            }

            var hasNext = i + 1 < chars.Length;
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                if (chars[i + 1] == ' ')
                {
                    chars[i] = char.ToLowerInvariant(chars[i]);
                }

                break;
            }

            chars[i] = char.ToLowerInvariant(chars[i]);
        }

        return new string(chars);
    }

    /// <summary>JsonNamingPolicy.SnakeCase*/KebabCase*: words split at case changes, joined by <paramref name="separator"/>.</summary>
    internal static string Separated(string name, char separator, bool upper)
    {
        var builder = new System.Text.StringBuilder(name.Length + 8);
        var previous = '\0';
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_' || c == '-' || c == ' ')
            {
                if (builder.Length > 0 && builder[builder.Length - 1] != separator)
                {
                    builder.Append(separator);
                }

                previous = c;
                continue;
            }

            if (char.IsUpper(c) && builder.Length > 0 && builder[builder.Length - 1] != separator)
            {
                var next = i + 1 < name.Length ? name[i + 1] : '\0';
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && char.IsLower(next)))
                {
                    builder.Append(separator);
                }
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            previous = c;
        }

        return builder.ToString();
    }
}
