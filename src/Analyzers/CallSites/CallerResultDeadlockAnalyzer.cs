using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TypedSockets.Analyzers;

/// <summary>
/// TSK3003: a hub method that awaits a client result from <c>Clients.Caller</c>. The caller's events are handled one
/// at a time, so its answer is read only after the hub method returns.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CallerResultDeadlockAnalyzer : CallSiteAnalyzer
{
    public CallerResultDeadlockAnalyzer()
        : base(DiagnosticDescriptors.CallerResultDeadlock, OperationKind.Await)
    {
    }

    private protected override void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        if (context.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public, IsStatic: false } method
            || !types.IsHub(method.ContainingType))
        {
            return;
        }

        var invocation = ClientProxyCall.Unwrap(((IAwaitOperation)context.Operation).Operation);
        if (invocation is not null && KnownTypes.Is(invocation.TargetMethod.ReturnType, types.TaskOfT) && ClientProxyCall.Recipients(invocation, types) == "Caller")
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CallerResultDeadlock, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
        }
    }
}
