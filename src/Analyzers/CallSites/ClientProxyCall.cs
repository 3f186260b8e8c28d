using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace TypedSockets.Analyzers;

/// <summary>Recognizes a call of a server-to-client method through <c>Clients.X</c> (a typed client proxy).</summary>
internal static class ClientProxyCall
{
    /// <summary>The <c>Clients</c> member that chose the recipients (<c>Caller</c>, <c>All</c>, <c>Room</c>…), or null when the call is not a proxy call.</summary>
    public static string? Recipients(IInvocationOperation invocation, KnownTypes types)
    {
        if (invocation.TargetMethod.ContainingType?.TypeKind != TypeKind.Interface)
        {
            return null;
        }

        var member = Resolve(invocation.Instance) switch
        {
            IPropertyReferenceOperation property => (ISymbol)property.Property,
            IInvocationOperation call => call.TargetMethod,
            _ => null,
        };
        var owner = member?.ContainingType?.OriginalDefinition;
        return KnownTypes.Is(owner, types.HubClients) || KnownTypes.Is(owner, types.HubCallerClients) ? member!.Name : null;
    }

    /// <summary>
    /// Whether the proxy's recipients come, untimed, from TypedSockets' own <c>Clients</c> property (of the hub or a hub
    /// context), directly or through locals initialized with it. Recipients chosen after <c>WithTimeout</c>, or whose
    /// <c>HubClients</c> comes from a parameter, a field or the application's own property, are not known to lack one.
    /// </summary>
    public static bool LacksTimeout(IInvocationOperation invocation, KnownTypes types)
    {
        var clients = Resolve(invocation.Instance) switch
        {
            IPropertyReferenceOperation property => property.Instance,
            IInvocationOperation call => call.Instance,
            _ => null,
        };
        return Resolve(clients) is IPropertyReferenceOperation { Property.Name: "Clients" } source
            && SymbolEqualityComparer.Default.Equals(source.Property.ContainingAssembly, types.HubClients?.ContainingAssembly);
    }

    /// <summary>What a value comes from: through conversions, parentheses and locals to the expression that made it.</summary>
    private static IOperation? Resolve(IOperation? operation)
    {
        // A few hops cover `var clients = Clients; var room = clients.Room(r);`; longer chains are not followed.
        for (var hops = 0; hops < 8; hops++)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                case ILocalReferenceOperation { Local.DeclaringSyntaxReferences.Length: 1 } local
                    when local.Local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer: { } initializer } declarator
                        && local.SemanticModel?.SyntaxTree == declarator.SyntaxTree:
                    operation = local.SemanticModel.GetOperation(initializer.Value);
                    break;
                default:
                    return operation;
            }
        }

        return operation;
    }

    /// <summary>The call a task comes from, looking through <c>ConfigureAwait</c>.</summary>
    public static IInvocationOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation or IParenthesizedOperation)
        {
            operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
        }

        if (operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } awaited })
        {
            return Unwrap(awaited);
        }

        return operation as IInvocationOperation;
    }

    /// <summary>Whether <c>Clients.X</c> can reach more than one client.</summary>
    public static bool IsSingleRecipient(string recipients) => recipients is "Caller" or "Client";
}
