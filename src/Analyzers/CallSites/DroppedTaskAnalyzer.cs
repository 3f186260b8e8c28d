using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TypedSockets.Analyzers;

/// <summary>
/// TSK3002: a statement that calls a client proxy or a TypedSockets method returning a task and drops the task
/// (assigning it, even to a discard, counts as handling it).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DroppedTaskAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.DroppedTask);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var types = new KnownTypes(start.Compilation);
            if (!types.IsTypedSocketsReferenced)
            {
                return;
            }

            start.RegisterOperationAction(operationContext =>
            {
                var statement = (IExpressionStatementOperation)operationContext.Operation;
                if (statement.Operation is not IInvocationOperation invocation || !types.IsTaskLike(invocation.TargetMethod.ReturnType))
                {
                    return;
                }

                var isTypedSockets = invocation.TargetMethod.ContainingNamespace?.ToDisplayString().StartsWith("TypedSockets", System.StringComparison.Ordinal) == true;
                if (isTypedSockets || ClientProxyCall.Recipients(invocation, types) is not null)
                {
                    operationContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DroppedTask, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
                }
            }, OperationKind.ExpressionStatement);
        });
    }
}
