using System.Reflection;
using Microsoft.CodeAnalysis;
using TypedSockets.Generators;

namespace TypedSockets.Tests.Generators;

/// <summary>Specs must compare by value: no symbol, compilation, syntax node or location may leak into them.</summary>
public sealed class GeneratorSpecTests
{
    private static readonly Type[] Forbidden = [typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(Location), typeof(SemanticModel)];

    [Fact]
    public void Spec_types_hold_only_values()
    {
        var specs = typeof(HubGenerator).Assembly.GetTypes().Where(static t => t.Namespace == "TypedSockets.Generators.Model").ToList();
        Assert.NotEmpty(specs);
        var seen = new HashSet<Type>();
        foreach (var spec in specs)
        {
            Walk(spec, seen, spec.Name);
        }
    }

    private static void Walk(Type type, HashSet<Type> seen, string path)
    {
        if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
        {
            return;
        }

        Assert.False(Forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} is a {type.Name}");
        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
        {
            Walk(argument, seen, path + "<" + argument.Name + ">");
        }

        if (type.Namespace?.StartsWith("TypedSockets.Generators", StringComparison.Ordinal) != true)
        {
            return;
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
        {
            var fieldType = field.FieldType.IsArray ? field.FieldType.GetElementType()! : field.FieldType;
            Walk(fieldType, seen, path + "." + field.Name);
        }
    }
}
