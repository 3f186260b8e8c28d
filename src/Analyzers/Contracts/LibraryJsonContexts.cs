using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TypedSockets.Analyzers;

/// <summary>
/// The public JsonSerializerContexts of the class libraries that declare a hub's or client's contracts. Contracts
/// shared by server and client naturally live in a library with the context listing their types; the analyzer and the
/// generator both look there, after the compilation's own contexts, so that layout needs no second context.
/// </summary>
internal static class LibraryJsonContexts
{
    private const string ContextBaseName = "System.Text.Json.Serialization.JsonSerializerContext";

    /// <summary>The contexts of the referenced assemblies declaring <paramref name="contracts"/>, ordered by name.</summary>
    public static ImmutableArray<INamedTypeSymbol> Of(IEnumerable<INamedTypeSymbol> contracts)
    {
        var assemblies = new List<IAssemblySymbol>();
        foreach (var contract in contracts)
        {
            if (contract.ContainingAssembly is { } assembly && contract.Locations.All(static l => l.IsInMetadata) && !assemblies.Contains(assembly, SymbolEqualityComparer.Default))
            {
                assemblies.Add(assembly);
            }
        }

        var found = new List<INamedTypeSymbol>();
        foreach (var assembly in assemblies)
        {
            Collect(assembly.GlobalNamespace, found);
        }

        return found.OrderBy(static c => c.ToDisplayString(), System.StringComparer.Ordinal).ToImmutableArray();
    }

    private static void Collect(INamespaceOrTypeSymbol container, List<INamedTypeSymbol> found)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
            {
                Collect(ns, found);
            }
            else if (member is INamedTypeSymbol { DeclaredAccessibility: Accessibility.Public, TypeKind: TypeKind.Class } type)
            {
                if (DerivesFromContext(type))
                {
                    found.Add(type);
                }

                Collect(type, found);
            }
        }
    }

    private static bool DerivesFromContext(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == ContextBaseName)
            {
                return true;
            }
        }

        return false;
    }
}
