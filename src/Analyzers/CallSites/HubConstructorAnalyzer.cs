using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TypedSockets.Analyzers;

/// <summary>
/// TSK0010: <c>Clients</c>, <c>Context</c> or <c>Groups</c> read in a hub's constructor. The dispatcher attaches the
/// connection after constructing the hub, so the read throws and the hub cannot handle any event. A lambda in the
/// constructor runs later and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HubConstructorAnalyzer : CallSiteAnalyzer
{
    public HubConstructorAnalyzer()
        : base(DiagnosticDescriptors.ConnectionInConstructor, OperationKind.PropertyReference)
    {
    }

    private protected override void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
            && types.IsHub(constructor.ContainingType)
            && reference.Property.Name is "Clients" or "Context" or "Groups"
            && KnownTypes.Is(reference.Property.ContainingType, types.Hub)
            && reference.Instance is IInstanceReferenceOperation
            && !InDeferredCode(reference))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ConnectionInConstructor, reference.Syntax.GetLocation(), constructor.ContainingType.Name, reference.Property.Name));
        }
    }

    private static bool InDeferredCode(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }
}
