using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TypedSockets.Analyzers;

/// <summary>
/// Which interfaces of a hub are its client-to-server contract and which of its methods are events. Shared by the
/// analyzer (the rules) and the generator (the dispatch), so that what is checked is exactly what is served.
/// </summary>
internal static class HubMembers
{
    /// <summary>
    /// The hub's contracts: every interface it implements, its base classes' included, except TypedSockets' own (the
    /// generated half adds them), disposal (the runtime disposes hubs) and interfaces another contract inherits.
    /// </summary>
    public static ImmutableArray<INamedTypeSymbol> Contracts(INamedTypeSymbol hub, IAssemblySymbol? typedSockets)
    {
        var candidates = hub.AllInterfaces
            .Where(i => !SymbolEqualityComparer.Default.Equals(i.ContainingAssembly, typedSockets) && !IsDisposal(i))
            .ToList();
        return candidates
            .Where(i => !candidates.Any(other => !SymbolEqualityComparer.Default.Equals(other, i) && other.AllInterfaces.Contains(i, SymbolEqualityComparer.Default)))
            .ToImmutableArray();
    }

    /// <summary>
    /// The hub's events: each public instance method it declares (with the contract method it implements, if any) and
    /// each explicit implementation of a contract method. A method that implements disposal is not an event.
    /// </summary>
    public static IEnumerable<(IMethodSymbol Method, IMethodSymbol? Contract)> Events(INamedTypeSymbol hub, ImmutableArray<INamedTypeSymbol> contracts)
    {
        foreach (var member in hub.GetMembers())
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public, IsStatic: false, IsOverride: false } method)
            {
                if (!ImplementsDisposal(hub, method))
                {
                    yield return (method, FindContract(hub, method, contracts));
                }
            }
            else if (member is IMethodSymbol { MethodKind: MethodKind.ExplicitInterfaceImplementation, IsStatic: false } explicitMethod)
            {
                foreach (var implemented in explicitMethod.ExplicitInterfaceImplementations)
                {
                    if (IsInContracts(implemented.ContainingType, contracts))
                    {
                        yield return (explicitMethod, implemented);
                        break;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The name an event travels under: the contract method's <c>[Event]</c> name, else its name in camelCase. The
    /// contract names it because clients (the typed C# client, the TypeScript typings) see only the contract; a public
    /// hub method outside every contract speaks for itself.
    /// </summary>
    public static string WireName(IMethodSymbol method, IMethodSymbol? contract)
    {
        var named = contract ?? method;
        return EventAttributeName(named) ?? CamelCase(named.Name);
    }

    /// <summary>The name given by <c>[Event("...")]</c> on <paramref name="method"/>, or null.</summary>
    public static string? EventAttributeName(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "TypedSockets.Hubs.EventAttribute" && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>A C# method name as socket.io code spells events: <c>SendMessage</c> becomes <c>sendMessage</c>.</summary>
    public static string CamelCase(string name) =>
        name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

    /// <summary>The server-to-client interface: <c>TClient</c> of the hub's <c>Hub&lt;TClient&gt;</c> base, or null.</summary>
    public static INamedTypeSymbol? ClientInterface(INamedTypeSymbol hub)
    {
        for (var type = hub.BaseType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.ConstructedFrom.ToDisplayString() == "TypedSockets.Hubs.Hub<TClient>")
            {
                return type.TypeArguments[0] as INamedTypeSymbol;
            }
        }

        return null;
    }

    /// <summary>The instance methods of an interface contract, its base interfaces' included.</summary>
    public static IEnumerable<IMethodSymbol> InterfaceMethods(INamedTypeSymbol contract)
    {
        foreach (var type in new[] { contract }.Concat(contract.AllInterfaces))
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } method)
                {
                    yield return method;
                }
            }
        }
    }

    private static IMethodSymbol? FindContract(INamedTypeSymbol hub, IMethodSymbol method, ImmutableArray<INamedTypeSymbol> contracts)
    {
        foreach (var contract in contracts)
        {
            foreach (var type in new[] { contract }.Concat(contract.AllInterfaces))
            {
                foreach (var member in type.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol candidate && SymbolEqualityComparer.Default.Equals(hub.FindImplementationForInterfaceMember(candidate), method))
                    {
                        return candidate;
                    }
                }
            }
        }

        return null;
    }

    private static bool IsInContracts(INamedTypeSymbol type, ImmutableArray<INamedTypeSymbol> contracts) =>
        contracts.Any(c => SymbolEqualityComparer.Default.Equals(c, type) || c.AllInterfaces.Contains(type, SymbolEqualityComparer.Default));

    private static bool ImplementsDisposal(INamedTypeSymbol hub, IMethodSymbol method)
    {
        foreach (var disposal in hub.AllInterfaces)
        {
            if (!IsDisposal(disposal))
            {
                continue;
            }

            foreach (var member in disposal.GetMembers())
            {
                if (SymbolEqualityComparer.Default.Equals(hub.FindImplementationForInterfaceMember(member), method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsDisposal(INamedTypeSymbol type) =>
        type.ToDisplayString() is "System.IDisposable" or "System.IAsyncDisposable";
}
