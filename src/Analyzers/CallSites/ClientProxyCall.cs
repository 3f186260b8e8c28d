using Microsoft.CodeAnalysis;
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

        var member = invocation.Instance switch
        {
            IPropertyReferenceOperation property => (ISymbol)property.Property,
            IInvocationOperation call => call.TargetMethod,
            _ => null,
        };
        var owner = member?.ContainingType?.OriginalDefinition;
        return KnownTypes.Is(owner, types.HubClients) || KnownTypes.Is(owner, types.HubCallerClients) ? member!.Name : null;
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
