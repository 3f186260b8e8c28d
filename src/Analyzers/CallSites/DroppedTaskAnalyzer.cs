using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TypedSockets.Analyzers;

/// <summary>
/// TSK3002: a statement that calls a client proxy or a TypedSockets method returning a task and drops the task
/// (assigning it, even to a discard, counts as handling it).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DroppedTaskAnalyzer : CallSiteAnalyzer
{
    public DroppedTaskAnalyzer()
        : base(DiagnosticDescriptors.DroppedTask, OperationKind.ExpressionStatement)
    {
    }

    private protected override void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var statement = (IExpressionStatementOperation)context.Operation;
        // `Send().ConfigureAwait(false);` drops the task just the same.
        if (ClientProxyCall.Unwrap(statement.Operation) is not { } invocation || !types.IsTaskLike(invocation.TargetMethod.ReturnType))
        {
            return;
        }

        var isTypedSockets = invocation.TargetMethod.ContainingNamespace?.ToDisplayString().StartsWith("TypedSockets", System.StringComparison.Ordinal) == true;
        if (isTypedSockets || ClientProxyCall.Recipients(invocation, types) is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DroppedTask, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
        }
    }
}
